import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { ATTACHED_REASON, type DeviceContext } from '../context.js';
import { fail, guarded, skip } from '../support/findings.js';
import { manifestPolls, requestLine, waitForState } from '../support/observations.js';
import { expectRefusal } from '../support/refusal.js';
import { steady, withSession } from '../support/session-scope.js';

/**
 * DS-027: the device is restarted with the same state directory. Its first poll carries the ETag of the
 * last accepted manifest, and a manifest with a lower manifestVersion than the accepted one is still
 * refused (the version survived; lower, not equal, so DS-026's equal case is not judged twice).
 */
export const restartPersistence = defineCheck<DeviceContext>({
  id: 'device-api/restart-persistence',
  title: 'The last accepted manifestVersion and ETag survive a restart',
  requirements: ['DS-027'],
  run: (context) => {
    if (!context.canRestart) return skip(['DS-027'], `Not decided: ${ATTACHED_REASON}.`);
    return guarded(['DS-027'], () =>
      withSession(context, 'restart-persistence', async (session) => {
        const client = await steady(session, context.waitMs);
        const { traffic, operator } = session.mock;
        const first = await session.assign({ id: 'kept', components: [{ name: 'only' }] });
        await waitForState(traffic, context.edition, first.deploymentId, 'installed', { timeoutMs: context.waitMs });
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
        return findings;
      }),
    );
  },
});
