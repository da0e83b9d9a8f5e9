import { validateBody } from '../../../core/api-bodies/validate-body.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { fetchManifest } from '../support/desired-state.js';
import { answered, fail, guarded, requestLine } from '../support/findings.js';

const REQUIREMENTS = ['API-001', 'API-002', 'API-003'];

/**
 * The management API as a whole, each outcome standing on what was observed:
 * - API-001: a fresh client gets a State Manifest that matches the edition's schema (a `200 {}` proves
 *   nothing: indeterminate, the body itself is API-008's);
 * - API-002: the HTTP version of that exchange as the response line gave it: `1.1` passes, citing the
 *   exchange and its handshake; any other version fails;
 * - API-003: only decidable against a production-like target; a test port is a skip, not a failure.
 */
export const transport = defineCheck<WfmContext>({
  id: 'wfm-api/transport',
  title: 'The management API is served over HTTP/1.1 on port 443',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const client = await context.newClient('api-001');
      const { response, value } = await fetchManifest(client);
      const findings: Finding[] = [];
      const where = requestLine(response.exchange);

      const version = response.exchange.httpVersion;
      if (version === '1.1') {
        findings.push({ requirement: 'API-002', outcome: 'pass', message: `${where} was answered over HTTP/1.1.`, location: response.exchange, observed: response.observed });
      } else {
        findings.push(fail('API-002', `${answered(response)} over HTTP/${version ?? '?'}; expected HTTP/1.1 (API-002). Serve the management API over HTTP/1.1.`, response.exchange, { expected: '1.1', actual: version ?? null }));
      }

      const problems = validateBody(context.edition, 'StateManifest', value);
      if (problems.length === 0) {
        findings.push({ requirement: 'API-001', outcome: 'pass', message: `${answered(response)} with a State Manifest that matches the ${context.edition.id} schema.`, location: response.exchange, observed: response.observed });
      } else {
        // A body of the wrong shape is API-008's failure; here it only means the API was not shown to be served.
        const first = problems[0];
        findings.push({ requirement: 'API-001', outcome: 'indeterminate', message: `${answered(response)} with a body that is not a ${context.edition.id} State Manifest (${problems.length} schema problem${problems.length === 1 ? '' : 's'}, first at ${first?.pointer || '/'}: ${first?.problem ?? '?'}), so serving the management API is not shown; see API-008.`, location: response.exchange });
      }

      const port = new URL(context.url).port || '443';
      if (port !== '443') findings.push({ requirement: 'API-003', outcome: 'skip', message: `The target listens on port ${port} for this test run; port 443 is only checked against a production-like target (API-003).` });
      return findings;
    }),
});
