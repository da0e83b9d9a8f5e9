import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { awaited, expired, fail, guarded, happened, passed } from '../support/findings.js';
import { requestLine, waitForState } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

/** Attempts the device makes against the silent WFM before it comes back. */
const SILENT_ATTEMPTS = 3;

/**
 * POLL-001: the WFM goes silent (connections dropped without an answer) while a deployment is assigned;
 * once it answers again, the device resumes polling and installs it without anyone touching the device.
 */
export const wfmOutage = defineCheck<DeviceContext>({
  id: 'device-api/wfm-outage',
  title: 'After the WFM was unreachable the device resumes polling and reconciles on its own',
  requirements: ['POLL-001'],
  run: (context) =>
    guarded(['POLL-001'], () =>
      withSession(context, 'wfm-outage', async (session) => {
        await steady(session, context.waitMs);
        const { traffic } = session.mock;
        session.mock.setHooks({ answer: () => 'silent' });
        const since = traffic.mark();
        const deployment = await session.assign({ id: 'after-outage', components: [{ name: 'only' }] });
        await traffic.waitUntil(() => traffic.exchanges.slice(since).filter((e) => e.answeredBy === 'silent').length >= SILENT_ATTEMPTS, { timeoutMs: context.waitMs, what: `${SILENT_ATTEMPTS} requests to the silent WFM` });
        session.mock.setHooks({});
        const back = traffic.mark();
        const installed = await awaited(waitForState(traffic, context.edition, deployment.deploymentId, 'installed', { since: back, timeoutMs: context.waitMs * 2 }));
        const silent = traffic.exchanges.slice(since, back).filter((e) => e.answeredBy === 'silent');
        if (installed) return passed(['POLL-001'], `After ${silent.length} requests went unanswered during the outage, ${requestLine(installed.exchange)} reports deployment ${deployment.deploymentId}, assigned during it, installed.`, [...silent, installed.exchange]);
        return expired(['POLL-001'], { awaited: `a status report "installed" for deployment ${deployment.deploymentId} (assigned during the outage) after the WFM answered again`, waitMs: context.waitMs * 2, traffic, since: back });
      }),
    ),
});
