import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { awaited, expired, fail, guarded, happened, passed } from '../support/findings.js';
import { failedReport, requestLine, statusReports, waitForState } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

/** DS-019: every sizeBytes off by 7 while the digests match: the device must still install. */
export const wrongSize = defineCheck<DeviceContext>({
  id: 'device-api/wrong-size',
  title: 'A wrong sizeBytes does not stop a document whose digest matches',
  requirements: ['DS-019'],
  run: (context) =>
    guarded(['DS-019'], () =>
      withSession(context, 'wrong-size', async (session) => {
        await steady(session, context.waitMs);
        const off = (reference: Record<string, unknown>) => ({ ...reference, sizeBytes: Number(reference['sizeBytes'] ?? 0) + 7 });
        session.mock.setHooks({ manifest: (m) => ({ ...m, deployments: m.deployments.map(off), bundle: m.bundle ? off(m.bundle) : null }) });
        const deployment = await session.assign({ id: 'sized', components: [{ name: 'only' }] });
        const since = session.mock.traffic.mark();
        const installed = await awaited(waitForState(session.mock.traffic, context.edition, deployment.deploymentId, 'installed', { timeoutMs: context.waitMs }));
        if (installed) return passed(['DS-019'], `${requestLine(installed.exchange)} reports deployment ${deployment.deploymentId}, whose manifest entry had a wrong sizeBytes but a matching digest, installed.`, [installed.exchange]);
        const failed = failedReport(session.mock.traffic, context.edition, deployment.deploymentId);
        // A refusal the traffic proves: the same document fetched again (the first copy was thrown away), nothing installed.
        const fetches = session.mock.traffic.exchanges.slice(since).filter((e) => (e.route === 'deployment' || e.route === 'bundle') && e.response?.status === 200);
        const refetch = fetches.find((e, i) => fetches.slice(0, i).some((earlier) => earlier.path === e.path));
        const started = statusReports(session.mock.traffic, context.edition, deployment.deploymentId, since).some((r) => r.state === 'installing' || r.state === 'installed');
        if (!failed && refetch && !started) {
          return [fail('DS-019', `${requestLine(refetch)} fetched deployment ${deployment.deploymentId}'s document again although its digest matched the first time; it was refused for its wrong sizeBytes and never installed (DS-019). Do not use sizeBytes for integrity.`, refetch)];
        }
        if (!failed) return expired(['DS-019'], { awaited: `a status report "installed" for deployment ${deployment.deploymentId}, whose manifest entry had a wrong sizeBytes but a matching digest`, waitMs: context.waitMs, traffic: session.mock.traffic, since });
        return [fail('DS-019', `${requestLine(failed.exchange)} reports deployment ${deployment.deploymentId}, whose manifest entry had a wrong sizeBytes but a matching digest, failed (DS-019). Do not use sizeBytes for integrity.`, failed.exchange)];
      }),
    ),
});
