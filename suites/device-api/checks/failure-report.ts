import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded } from '../support/findings.js';
import { requestLine, statusReports } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

const REQUIREMENTS = ['ST-006', 'ST-008'];

/**
 * A deployment whose second (last) component fails to install: once nothing is in progress, the overall
 * state is the most severe component state, failed (ST-006, our precedence reading), and every error
 * object carries code and message (ST-008).
 */
export const failureReport = defineCheck<DeviceContext>({
  id: 'device-api/failure-report',
  title: 'A failed component makes the deployment failed, with an error code and message',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, () =>
      withSession(context, 'failure-report', async (session) => {
        await steady(session, context.waitMs);
        const deployment = await session.assign({ id: 'failing', components: [{ name: 'works' }, { name: 'breaks', plan: 'fails' }] });
        const { traffic } = session.mock;
        // Settled: the deployment or a component reported failed, or the deployment reported installed.
        const settled = (r: { state: string; components: { state: string }[] }) => r.state === 'failed' || r.state === 'installed' || r.components.some((c) => c.state === 'failed');
        await traffic.waitUntil(() => statusReports(traffic, context.edition, deployment.deploymentId).some(settled), {
          timeoutMs: context.waitMs,
          what: 'a status report of the settled install (failed or installed)',
        });
        await traffic.waitFor((e) => e.route === 'deployments', { since: traffic.mark(), timeoutMs: context.waitMs });
        const findings: Finding[] = [];
        const reports = statusReports(traffic, context.edition, deployment.deploymentId);
        const settledWrong = reports.find((r) => r.state === 'installed' || (r.components.some((c) => c.state === 'failed') && !r.components.some((c) => ['pending', 'installing', 'removing'].includes(c.state)) && r.state !== 'failed'));
        if (settledWrong) {
          findings.push(fail('ST-006', `${requestLine(settledWrong.exchange)} reports the deployment ${settledWrong.state} while component breaks failed; expected failed, the most severe component state (ST-006).`, settledWrong.exchange));
        }
        for (const report of reports) {
          const errors = [report.error, ...report.components.map((c) => c.error)].filter((e) => e !== undefined);
          const bad = errors.find((e) => typeof e !== 'object' || e === null || typeof (e as Record<string, unknown>)['code'] !== 'string' || typeof (e as Record<string, unknown>)['message'] !== 'string');
          if (bad !== undefined) {
            findings.push(fail('ST-008', `${requestLine(report.exchange)} carries error ${JSON.stringify(bad)}; an error object has a code and a message (ST-008).`, report.exchange));
            break;
          }
        }
        return findings;
      }),
    ),
});
