import { defineCheck } from '../../../core/runner/check.js';
import { ATTACHED_REASON, type DeviceContext } from '../context.js';
import { awaited, expired, fail, guarded, happened, passed, skip } from '../support/findings.js';
import { defaultCapabilities } from '../support/default-capabilities.js';
import { manifestPolls, requestLine } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

/** Manifest polls after the change without a new report that prove the device ignored it (its own cycles, not wall time). */
const CHANGE_POLLS = 10;

/** Doubles every `memory` value in the properties, wherever the edition keeps it. */
function moreMemory(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(moreMemory);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'memory' ? '16Gi' : moreMemory(item)]));
}

/** CAP-002: the operator changes the device's memory (the capabilities file of the launch contract); the device reports again. */
export const capabilitiesChange = defineCheck<DeviceContext>({
  id: 'device-api/capabilities-change',
  title: 'Changed capabilities are reported again',
  requirements: ['CAP-002'],
  run: (context) => {
    if (!context.canRestart) return skip(['CAP-002'], `Not decided: ${ATTACHED_REASON}.`);
    return guarded(['CAP-002'], () =>
      withSession(context, 'capabilities-change', async (session) => {
        await steady(session, context.waitMs);
        const original = defaultCapabilities(context.edition, session.deviceId, context.deploymentType);
        const since = session.mock.traffic.mark();
        await session.writeCapabilities({ ...original, properties: moreMemory(original.properties) as Record<string, unknown> });
        const { traffic } = session.mock;
        const newReport = () => traffic.exchanges.slice(since).find((e) => e.route === 'capabilities' && JSON.stringify(e.json ?? {}).includes('"16Gi"'));
        // Ends at the new report, or after CHANGE_POLLS of the device's own cycles without it; wall time only bounds it.
        await awaited(traffic.waitUntil(() => newReport() !== undefined || manifestPolls(traffic, since).length >= CHANGE_POLLS, { timeoutMs: context.waitMs, what: 'a capabilities report with memory 16Gi' }));
        const report = newReport();
        if (report) return passed(['CAP-002'], `${requestLine(report)} reported memory 16Gi after the capabilities file changed from 8Gi.`, [report]);
        // Silence proves nothing within a few cycles (a report still carrying 8Gi may have left before the
        // device re-read its file); CHANGE_POLLS manifest polls later without the new value, it does.
        const polls = manifestPolls(session.mock.traffic, since);
        const last = polls.at(-1);
        if (polls.length >= CHANGE_POLLS && last) {
          return [fail('CAP-002', `${requestLine(last)} was the device's ${polls.length}th manifest poll since its memory changed from 8Gi to 16Gi, and no capabilities report with the new value came (CAP-002). Report capabilities again whenever they change.`, last)];
        }
        return expired(['CAP-002'], { awaited: 'a capabilities report with memory 16Gi after the capabilities file changed from 8Gi', waitMs: context.waitMs, traffic: session.mock.traffic, since });
      }),
    );
  },
});
