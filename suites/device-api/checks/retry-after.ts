import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { RecordedExchange } from '../../../instruments/mock-wfm/index.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded, passed } from '../support/findings.js';
import { requestLine } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

/** Retry-After in the answers; the smallest value the header can carry, to keep the scenario short. */
const RETRY_AFTER_SECONDS = 1;
/** Our clock reads arrival after the device sent; allow for that much scheduling jitter. */
const CLOCK_SLACK_MS = 50;
const PROBLEM_PATH = '/problem-types/unavailable';

/**
 * ERR-007: a poll answered 503, then one answered 429, both with Retry-After 1 and retryable problem
 * bodies; the device's next request may not come sooner. ERR-003: the problem `type` points at the mock
 * itself, so a device that dereferences it shows up as a request for that path.
 */
export const retryAfter = defineCheck<DeviceContext>({
  id: 'device-api/retry-after',
  title: 'The device honours Retry-After and never dereferences problem type URIs',
  requirements: ['ERR-003', 'ERR-007'],
  run: (context) =>
    guarded(['ERR-003', 'ERR-007'], () =>
      withSession(context, 'retry-after', async (session) => {
        await steady(session, context.waitMs);
        const { traffic } = session.mock;
        const findings: Finding[] = [];
        const shown: RecordedExchange[] = [];
        for (const status of [503, 429]) {
          let answered = false;
          session.mock.setHooks({
            answer: (request) => {
              if (answered || request.route !== 'deployments') return undefined;
              answered = true;
              return { status, retryAfterSeconds: RETRY_AFTER_SECONDS, problemType: `${session.mock.url}${PROBLEM_PATH}` };
            },
          });
          const refused = await traffic.waitFor((e) => e.answeredBy === 'scenario' && e.response?.status === status, { since: traffic.mark(), timeoutMs: context.waitMs, what: `a poll the suite answers ${status}` });
          const next = await traffic.waitFor((e) => e.seq > refused.seq && !e.path.startsWith(PROBLEM_PATH), { since: refused.seq + 1, timeoutMs: context.waitMs + RETRY_AFTER_SECONDS * 1000, what: `a request after the ${status}` });
          session.mock.setHooks({});
          findings.push(...earlyRetry(refused, next, status));
          shown.push(refused, next);
        }
        const dereferenced = traffic.exchanges.find((e) => e.path.startsWith(PROBLEM_PATH));
        if (dereferenced) findings.push(fail('ERR-003', `${requestLine(dereferenced)}: the device fetched the problem type URI of an error answer (ERR-003). Act on the type as an identifier; never dereference it.`, dereferenced));
        const decided = new Set(findings.map((finding) => finding.requirement));
        if (!decided.has('ERR-007')) findings.push(...passed(['ERR-007'], `After the 503 and the 429 with Retry-After: ${RETRY_AFTER_SECONDS}, the device's next requests came no sooner (${shown.map(requestLine).join('; ')}).`, shown));
        if (!decided.has('ERR-003')) findings.push(...passed(['ERR-003'], `The device never requested the problem type URI of the 503 and 429 it was answered (${shown.length} exchanges around them).`, shown));
        return findings;
      }),
    ),
});

function earlyRetry(refused: RecordedExchange, next: RecordedExchange, status: number): Finding[] {
  const gap = next.at - refused.at;
  if (gap + CLOCK_SLACK_MS >= RETRY_AFTER_SECONDS * 1000) return [];
  return [fail('ERR-007', `${requestLine(next)} came ${gap} ms after ${requestLine(refused)} was answered ${status} with Retry-After: ${RETRY_AFTER_SECONDS}; expected no request before ${RETRY_AFTER_SECONDS * 1000} ms (ERR-007). Wait at least Retry-After before the next request.`, next, { gapMs: gap, retryAfterMs: RETRY_AFTER_SECONDS * 1000 })];
}
