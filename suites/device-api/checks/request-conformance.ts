import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded, undecided } from '../support/findings.js';
import { requestLine } from '../support/observations.js';

/** Rows the mock WFM judges on every request (instruments/mock-wfm/request-problems.ts). */
export const REQUEST_RULES = ['API-001', 'API-002', 'API-006', 'API-008', 'CAP-003', 'CAP-004', 'CAP-005', 'CAP-006', 'CAP-007', 'CAP-011', 'CAP-016', 'ST-002', 'ST-003', 'ST-004', 'ST-005', 'ONB-004', 'SIG-001', 'SIG-002', 'SIG-003', 'ID-009', 'ID-010', 'ID-011'];

export const requestConformance = defineCheck<DeviceContext>({
  id: 'device-api/request-conformance',
  title: 'Every request of the baseline scenario uses the edition\'s paths, HTTP/1.1, TLS 1.3, valid bodies and the edition\'s authentication',
  requirements: REQUEST_RULES,
  run: (context) =>
    guarded(REQUEST_RULES, async () => {
      const { session } = await context.baseline();
      const broken = session.mock.traffic.exchanges.find((e) => e.validationError !== undefined);
      if (broken) return undecided(REQUEST_RULES, `${requestLine(broken)}: ${broken.validationError ?? ''}.`);
      const findings: Finding[] = [];
      const seen = new Set<string>();
      for (const exchange of session.mock.traffic.exchanges) {
        for (const problem of exchange.problems) {
          // One finding per rule and kind of request: the same defect on every poll says nothing more.
          const key = `${problem.requirement}\u0000${exchange.route ?? exchange.path}\u0000${problem.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          findings.push(fail(problem.requirement, `${requestLine(exchange)}: the device ${problem.message} (${problem.requirement}).`, exchange));
        }
      }
      return findings;
    }),
});
