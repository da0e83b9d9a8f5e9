import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { ATTACHED_REASON, type DeviceContext } from '../context.js';
import { fail, guarded, passed, skip } from '../support/findings.js';
import { manifestPolls, requestLine, statusReports, waitForState } from '../support/observations.js';
import { expectRefusal } from '../support/refusal.js';
import { steady, withSession } from '../support/session-scope.js';

/**
 * DS-027: the device is restarted with the same state directory. Its first poll carries the ETag of the
 * last accepted manifest, and a manifest with a lower manifestVersion than the accepted one is still
 * refused (the version survived; lower, not equal, so DS-026's equal case is not judged twice).
 * DS-028: the deployment installed before the restart, still listed unchanged, is not reported failed,
 * removing or removed after it (judged on the reports recorded until the refusal was decided, no wait).
 */
export const restartPersistence = defineCheck<DeviceContext>({
  id: 'device-api/restart-persistence',
  title: 'The last accepted manifestVersion and ETag survive a restart',
  requirements: ['DS-027', 'DS-028'],
  run: (context) => {
    if (!context.canRestart) return skip(['DS-027', 'DS-028'], `Not decided: ${ATTACHED_REASON}.`);
    return guarded(['DS-027', 'DS-028'], () =>
      withSession(context, 'restart-persistence', async (session) => {
        const client = await steady(session, context.waitMs);
        const { traffic, operator } = session.mock;
        const first = await session.assign({ id: 'kept', components: [{ name: 'only' }] });
        const installed = await waitForState(traffic, context.edition, first.deploymentId, 'installed', { timeoutMs: context.waitMs });
        const accepted = operator.manifestVersion(client);
        const etag = manifestPolls(traffic).filter((e) => e.response?.status === 200).at(-1)?.response?.headers['etag'];
        await traffic.waitFor((e) => e.route === 'deployments', { since: traffic.mark(), timeoutMs: context.waitMs });
        await session.restart();
        const since = traffic.mark();
        const poll = await traffic.waitFor((e) => e.route === 'deployments', { since, timeoutMs: context.waitMs, what: 'a manifest poll after the restart' });
        const findings: Finding[] = [];
        if (poll.headers['if-none-match'] !== etag) {
          findings.push(fail('DS-027', `${requestLine(poll)}, the first poll after a restart, sent If-None-Match ${JSON.stringify(poll.headers['if-none-match'] ?? null)}; expected ${etag}, the ETag of the last accepted manifest (DS-027). Keep the ETag in durable storage.`, poll));
        }
        session.mock.setHooks({ manifest: (m) => ({ ...m, manifestVersion: accepted - 1 }) });
        const second = await session.assign({ id: 'after-restart', components: [{ name: 'only' }] });
        findings.push(...(await expectRefusal(context, session, second, { requirement: 'DS-027', served: `after a restart a changed manifest with manifestVersion ${accepted - 1}, below the ${accepted} accepted before`, fix: 'Keep the last accepted manifestVersion in durable storage.' })));
        const undone = statusReports(traffic, context.edition, first.deploymentId, since).find((r) => r.state === 'failed' || r.state === 'removing' || r.state === 'removed');
        findings.push(
          undone
            ? fail('DS-028', `${requestLine(undone.exchange)} reports deployment ${first.deploymentId} ${undone.state} after a restart, although it was reported installed before it and the manifest still lists it unchanged (DS-028). Keep installed deployments installed across a restart; fail only work the stop cut short.`, undone.exchange)
            : passed(['DS-028'], `Deployment ${first.deploymentId}, installed before the restart, was not reported failed or removed after it, up to the refused manifest.`, [installed.exchange, poll])[0]!,
        );
        return findings;
      }),
    );
  },
});
