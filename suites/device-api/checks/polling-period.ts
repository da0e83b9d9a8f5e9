import { setTimeout as sleep } from 'node:timers/promises';
import { defineCheck } from '../../../core/runner/check.js';
import { ATTACHED_REASON, type DeviceContext } from '../context.js';
import { expired, fail, guarded, passed, sawSince, skip } from '../support/findings.js';
import { manifestPolls, requestLine } from '../support/observations.js';
import { withSession } from '../support/session-scope.js';


/**
 * POLL-002: the device is configured to poll only in an hour-long period that starts two hours from now
 * (local time); it must not poll the manifest now. Nothing can be awaited for an absence, so the scenario
 * watches for one scenario wait (scaled to the machine), many times the device's polling interval: a few
 * intervals were not enough on a busy machine, where a device ignoring its period had not polled yet.
 */
export const pollingPeriod = defineCheck<DeviceContext>({
  id: 'device-api/polling-period',
  title: 'Outside its configured polling period the device does not poll',
  requirements: ['POLL-002'],
  run: (context) => {
    if (!context.canRestart) return skip(['POLL-002'], `Not decided: ${ATTACHED_REASON}.`);
    const hhmm = (offsetHours: number) => {
      const date = new Date(Date.now() + offsetHours * 3_600_000);
      return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
    };
    return guarded(['POLL-002'], () =>
      withSession(
        context,
        'polling-period',
        async (session) => {
          // Wait until the device talks to the WFM at all (or for as long as any wait), then watch its intervals.
          const { traffic } = session.mock;
          await traffic.waitFor(() => true, { timeoutMs: context.waitMs }).catch(() => undefined);
          // A device that never spoke proves nothing about its polling period.
          if (traffic.exchanges.length === 0) return expired(['POLL-002'], { awaited: 'any request from the device (it polls only outside the configured period)', waitMs: context.waitMs, traffic });
          await sleep(context.waitMs);
          const poll = manifestPolls(session.mock.traffic)[0];
          if (!poll) return passed(['POLL-002'], `The device sent ${sawSince(traffic, 0)} and no manifest poll over ${context.waitMs} ms (${Math.round(context.waitMs / context.pollIntervalMs)} polling intervals) outside its configured polling period ${hhmm(2)}-${hhmm(3)}.`, traffic.exchanges);
          return [fail('POLL-002', `${requestLine(poll)} polled the manifest outside the configured polling period ${hhmm(2)}-${hhmm(3)} (POLL-002). Poll only in the hours the end user configured.`, poll)];
        },
        { pollingPeriod: `${hhmm(2)}-${hhmm(3)}` },
      ),
    );
  },
});
