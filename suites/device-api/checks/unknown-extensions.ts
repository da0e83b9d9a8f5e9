import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { awaited, expired, fail, guarded, happened, passed } from '../support/findings.js';
import { failedReport, requestLine, waitForState } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

const EXTENSION = { 'x-acme-extensions': { tuning: 'aggressive', level: 3 } };

/** DS-038: unknown `x-*-extensions` on the manifest, the profile and a component; the deployment still installs. */
export const unknownExtensions = defineCheck<DeviceContext>({
  id: 'device-api/unknown-extensions',
  title: 'Unknown extensions are ignored and the deployment still succeeds',
  requirements: ['DS-038'],
  run: (context) =>
    guarded(['DS-038'], () =>
      withSession(context, 'unknown-extensions', async (session) => {
        await steady(session, context.waitMs);
        session.mock.setHooks({ manifest: (m) => ({ ...m, ...EXTENSION }) });
        const deployment = await session.assign({ id: 'extended', components: [{ name: 'only', extra: EXTENSION }], profileExtra: EXTENSION });
        const since = session.mock.traffic.mark();
        const installed = await awaited(waitForState(session.mock.traffic, context.edition, deployment.deploymentId, 'installed', { timeoutMs: context.waitMs }));
        if (installed) return passed(['DS-038'], `${requestLine(installed.exchange)} reports deployment ${deployment.deploymentId}, whose manifest, profile and component carry x-acme-extensions, installed.`, [installed.exchange]);
        const failed = failedReport(session.mock.traffic, context.edition, deployment.deploymentId);
        if (!failed) return expired(['DS-038'], { awaited: `a status report "installed" for deployment ${deployment.deploymentId}, whose manifest, profile and component carry x-acme-extensions`, waitMs: context.waitMs, traffic: session.mock.traffic, since });
        return [fail('DS-038', `${requestLine(failed.exchange)} reports deployment ${deployment.deploymentId}, whose manifest, profile and component carry x-acme-extensions, failed (DS-038). Ignore extensions you do not know.`, failed.exchange)];
      }),
    ),
});
