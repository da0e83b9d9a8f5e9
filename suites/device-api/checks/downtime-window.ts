import { defineCheck } from '../../../core/runner/check.js';
import { ATTACHED_REASON, type DeviceContext } from '../context.js';
import { fail, guarded, passed, skip } from '../support/findings.js';
import { requestLine } from '../support/observations.js';
import { withSession } from '../support/session-scope.js';


/**
 * POLL-003: the device starts inside a configured downtime window while the WFM is silent; no request
 * may reach the WFM before the window ends. It must talk to the WFM after it (else undecided).
 */
export const downtimeWindow = defineCheck<DeviceContext>({
  id: 'device-api/downtime-window',
  title: 'During the configured downtime window the device sends nothing and does not retry',
  requirements: ['POLL-003'],
  run: (context) => {
    if (!context.canRestart) return skip(['POLL-003'], `Not decided: ${ATTACHED_REASON}.`);
    return guarded(['POLL-003'], () =>
      withSession(
        context,
        'downtime-window',
        async (session) => {
          const { traffic } = session.mock;
          session.mock.setHooks({ answer: () => 'silent' });
          // The window opens as the device starts, so set-up time never eats into it.
          // One scenario wait (scaled to the machine): a device ignoring the window must have started and sent
          // its first request inside it, which took more than a second on a machine busy with other work.
          const windowMs = context.waitMs;
          const start = Date.now();
          const end = start + windowMs;
          await session.start({ downtime: [`${new Date(start).toISOString()}/${new Date(end).toISOString()}`] });
          const endAt = end - session.mock.startedAt;
          setTimeout(() => session.mock.setHooks({}), Math.max(0, end - Date.now()));
          const after = await traffic.waitFor((e) => e.answeredBy !== 'silent', { timeoutMs: windowMs + context.waitMs, what: 'a request after the downtime window' });
          const early = traffic.exchanges.find((e) => e.at < endAt);
          if (!early) return passed(['POLL-003'], `${requestLine(after)} was the device's first request, ${Math.round(after.at - endAt)} ms after the configured downtime window ended; none came during it.`, [after]);
          return [fail('POLL-003', `${requestLine(early)} reached the WFM ${Math.round(endAt - early.at)} ms before the configured downtime window ended (POLL-003). Send no requests and no retries during downtime.`, early)];
        },
        { deferStart: true },
      ),
    );
  },
});
