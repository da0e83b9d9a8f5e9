import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded } from '../support/findings.js';
import { requestLine, statusReports, waitForPolls, waitForState } from '../support/observations.js';
import { REFUSAL_POLLS } from '../support/refusal.js';
import { steady, withSession } from '../support/session-scope.js';

/** DS-021: the new revision of an installed deployment answers 404; the deployment stays (only absence from the manifest removes). */
export const contentNotFound = defineCheck<DeviceContext>({
  id: 'device-api/content-not-found',
  title: 'A 404 on a digest URL does not remove the deployment',
  requirements: ['DS-021'],
  run: (context) =>
    guarded(['DS-021'], () =>
      withSession(context, 'content-not-found', async (session) => {
        await steady(session, context.waitMs);
        const { traffic, operator } = session.mock;
        const deployment = await session.assign({ id: 'missing', components: [{ name: 'only' }], withParameter: true });
        await waitForState(traffic, context.edition, deployment.deploymentId, 'installed', { timeoutMs: context.waitMs });
        session.mock.setHooks({ answer: (request) => (request.route === 'deployment' || request.route === 'bundle' ? { status: 404 } : undefined) });
        const since = traffic.mark();
        operator.updateDeployment(deployment.deploymentId, { revisionLabel: 'second' });
        await traffic.waitFor((e) => e.route === 'deployment' && e.response?.status === 404, { since, timeoutMs: context.waitMs, what: 'a fetch of the new revision (answered 404)' });
        await waitForPolls(traffic, REFUSAL_POLLS, { since: traffic.mark(), timeoutMs: context.waitMs });
        const removed = statusReports(traffic, context.edition, deployment.deploymentId, since).find((r) => r.state === 'removing' || r.state === 'removed');
        const findings: Finding[] = [];
        if (removed) findings.push(fail('DS-021', `${requestLine(removed.exchange)} reports deployment ${deployment.deploymentId} ${removed.state} after its document URL answered 404 (DS-021). Only absence from the manifest removes a workload; retry the fetch.`, removed.exchange));
        return findings;
      }),
    ),
});
