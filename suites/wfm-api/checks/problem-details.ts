import type { HttpResponse } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { DeviceClient, WfmCheck, WfmContext } from '../context.js';
import { mediaTypeOf, parseJson } from '../support/bytes.js';
import { answered, fail, guarded, notExercised, passed, skip } from '../support/findings.js';
import { schemaFindings } from '../support/schema-findings.js';

const REQUIREMENTS = ['ERR-001', 'ERR-002', 'ERR-004', 'ERR-005', 'ERR-006', 'ERR-008'];
/**
 * The burst that looks for a 429 (ERR-006): one client, `lanes` requests in flight, until the first 429 or
 * 503, at most `requests` requests or `ms` milliseconds. A token bucket of B requests refilled at R/s limits
 * once the burst outpaces R/s by B. The reference's 100 refilled at 20/s limits as soon as it answers more
 * than 20 requests/s, which it does several times over on a 2-core machine whose cores are busy with other
 * work, so whether it limits does not depend on the machine's load; a device polling every few seconds never
 * comes near that. A WFM still not limiting after 2,000 requests in 20 s is taken not to limit.
 */
const BURST = { requests: 2000, ms: 20_000, lanes: 16 };

interface Provocation {
  condition: string;
  status: number;
  /** The registered Margo problem name (PT-RC3), or undefined for about:blank (ERR-004). */
  type: string | undefined;
  send(client: DeviceClient, context: WfmContext): Promise<HttpResponse>;
}

const UNKNOWN_DIGEST = `sha256:${'0'.repeat(64)}`;

/** Error conditions the suite can provoke, with the status and problem type PT-RC3 registers for them. */
const PROVOCATIONS: Provocation[] = [
  { condition: 'a body that is not JSON', status: 400, type: 'invalid-request', send: (c, x) => c.call({ method: x.edition.api.capabilities.create.method, endpoint: 'capabilities', params: { deviceId: 'device-1' }, body: '{"properties":', headers: { 'content-type': 'application/json' } }) },
  { condition: 'a body sent as text/plain', status: 400, type: 'invalid-request', send: (c, x) => c.call({ method: x.edition.api.capabilities.create.method, endpoint: 'capabilities', params: { deviceId: 'device-1' }, body: JSON.stringify(apiFacts(x.edition).capabilities('device-1')), headers: { 'content-type': 'text/plain' } }) },
  { condition: 'properties.id contradicting the path', status: 422, type: 'semantic-error', send: (c, x) => c.call({ method: x.edition.api.capabilities.create.method, endpoint: 'capabilities', params: { deviceId: 'device-1' }, json: apiFacts(x.edition).capabilities('device-2') }) },
  { condition: 'a gateway child before its gateway', status: 404, type: 'gateway-not-found', send: (c, x) => c.call({ method: x.edition.api.capabilities.create.method, endpoint: 'capabilities', params: { deviceId: 'no-gateway/child' }, json: apiFacts(x.edition).capabilities('no-gateway/child') }) },
  { condition: 'deleting an unknown device', status: 404, type: 'device-not-found', send: (c) => c.call({ method: 'DELETE', endpoint: 'capabilities', params: { deviceId: 'never-reported' } }) },
  { condition: 'an unsupported Accept', status: 406, type: 'server-cannot-generate-response', send: (c) => c.call({ method: 'GET', endpoint: 'deployments', headers: { accept: 'application/xml' } }) },
  { condition: 'an unknown deployment digest', status: 404, type: 'deployment-not-found', send: (c) => c.call({ method: 'GET', endpoint: 'deployment', params: { deploymentId: '00000000-0000-4000-8000-000000000000', digest: UNKNOWN_DIGEST } }) },
  { condition: 'an unknown bundle digest', status: 404, type: 'invalid-bundle', send: (c) => c.call({ method: 'GET', endpoint: 'bundle', params: { digest: UNKNOWN_DIGEST } }) },
  { condition: 'a path the API does not define', status: 404, type: undefined, send: (c) => c.call({ method: 'GET', path: '/api/v1/no-such-resource' }) },
  // RFC 9110 §15.5.6: a method the resource does not support; PT-RC3 registers no type for it, so about:blank (ERR-004).
  { condition: 'a method the manifest resource does not support (DELETE)', status: 405, type: undefined, send: (c) => c.call({ method: 'DELETE', endpoint: 'deployments' }) },
];

/** Problem names PT-RC3 registers. */
const REGISTERED = new Set([...PROVOCATIONS.flatMap((p) => (p.type ? [p.type] : [])), 'not-authorized']);

/** rc.3 problem details (RFC 9457, PT-RC3, SEC-RC3 retry table) on every error the suite can provoke. */
export const problemDetails: WfmCheck = {
  // Alone after the other checks: the ERR-006 burst must outpace a token bucket's refill, which it cannot
  // while three other lanes share a loaded machine (measured: 48 requests/s in lanes, 190 alone).
  exclusive: true,
  ...defineCheck<WfmContext>({
  id: 'wfm-api/problem-details',
  title: 'Errors are problem+json with the registered Margo type and the retry fields',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const base = apiFacts(context.edition).problemTypeBase;
      if (!base || context.edition.api.errorMediaType !== 'application/problem+json') return skip(REQUIREMENTS, `${context.edition.id} errors are not problem details.`);
      const client = await context.newClient('err-001');
      const findings: Finding[] = [];
      const judged: Judged[] = [];
      const sent: HttpResponse[] = [];
      for (const row of PROVOCATIONS) {
        const response = await row.send(client, context);
        sent.push(response);
        if (response.status !== row.status) continue; // The status itself is decided by the row's own requirement.
        judged.push({ response, type: row.type });
        findings.push(...judge(context, response, { base, condition: row.condition, type: row.type }));
      }
      const unlisted = await context.newClient('err-001-unlisted', { accept: false });
      const denied = await unlisted.call({ method: 'GET', endpoint: 'deployments' });
      sent.push(denied);
      if (denied.status === 403) {
        judged.push({ response: denied, type: 'not-authorized' });
        findings.push(...judge(context, denied, { base, condition: 'a client not on the policy', type: 'not-authorized' }));
      }
      if (context.scope.has('ERR-006')) findings.push(...(await rateLimited(context)));
      return [...findings, ...verdictsOnUndecided(findings, judged, sent)];
    }),
  }),
};

/** An error response the suite provoked with the status its condition calls for, and the Margo type that applies (none: about:blank). */
interface Judged {
  response: HttpResponse;
  type: string | undefined;
}

/**
 * Each requirement judges a kind of error response; it passes only when at least one such response was
 * elicited and judged without a deviation, citing those responses. A WFM that answered no provocation
 * with its error status leaves the requirement not exercised (the status itself fails the row's own
 * requirement, e.g. CAP-006 for a 200 where 422 is due).
 */
const ELICITED: { requirement: string; what: string; applies: (judged: Judged) => boolean }[] = [
  { requirement: 'ERR-001', what: 'an error status', applies: () => true },
  { requirement: 'ERR-002', what: 'an error status for a condition Margo registers a problem type for', applies: (j) => j.type !== undefined },
  { requirement: 'ERR-004', what: 'an error status for a condition with no Margo problem type (an undefined path, an unsupported method)', applies: (j) => j.type === undefined },
  { requirement: 'ERR-005', what: 'a problem+json error', applies: (j) => mediaTypeOf(j.response) === 'application/problem+json' },
  { requirement: 'ERR-008', what: 'a 422', applies: (j) => j.response.status === 422 },
];

function verdictsOnUndecided(findings: Finding[], judged: Judged[], sent: HttpResponse[]): Finding[] {
  const decided = new Set(findings.map((finding) => finding.requirement));
  return ELICITED.filter((row) => !decided.has(row.requirement)).flatMap((row) => {
    const cited = judged.filter(row.applies).map((j) => j.response);
    if (cited.length > 0) return passed([row.requirement], `${cited.length} provoked error response${cited.length === 1 ? '' : 's'} (${cited.map(answered).join('; ')}) judged without a deviation.`, cited);
    const statuses = [...new Set(sent.map((response) => response.status))].sort().join(', ');
    return notExercised([row.requirement], `Not exercised: the WFM answered none of ${sent.length} provocations with ${row.what} (it answered ${statuses}), so ${row.requirement} cannot be judged. The statuses themselves are decided by each condition's own requirement.`, sent);
  });
}

function judge(context: WfmContext, response: HttpResponse, expected: { base: string; condition: string; type: string | undefined }): Finding[] {
  const what = `${answered(response)} for ${expected.condition}`;
  const findings: Finding[] = [];
  if (mediaTypeOf(response) !== 'application/problem+json') {
    return [fail('ERR-001', `${what} with Content-Type ${response.headers['content-type'] ?? '(none)'}; expected application/problem+json (ERR-001). Send errors as RFC 9457 problem details.`, response.exchange)];
  }
  const body = parseJson(response.body)?.value as Record<string, unknown> | undefined;
  findings.push(...schemaFindings(context, { kind: 'ProblemDetail', value: body, what, exchange: response.exchange }));
  if (!body || typeof body !== 'object') return findings;
  if (body.status !== undefined && body.status !== response.status) {
    findings.push(fail('ERR-001', `${what} with "status": ${JSON.stringify(body.status)}; expected ${response.status} (ERR-001). Repeat the HTTP status in the body.`, response.exchange));
  }
  const type = body.type;
  if (expected.type !== undefined && type !== `${expected.base}${expected.type}`) {
    findings.push(fail('ERR-002', `${what} with type ${JSON.stringify(type)}; expected "${expected.base}${expected.type}" (ERR-002). Use the registered Margo problem type.`, response.exchange));
  }
  const margo = typeof type === 'string' && type.startsWith(expected.base);
  // ERR-004: no Margo type applies, so about:blank (RFC 9457 §3.1.1 reads an absent type the same way) or a vendor's own type.
  if (expected.type === undefined && margo) {
    findings.push(fail('ERR-004', `${what} with type ${JSON.stringify(type)}; Margo registers no type for this, so expected about:blank (ERR-004).`, response.exchange));
  }
  if (margo && !REGISTERED.has(String(type).slice(expected.base.length))) {
    findings.push(fail('ERR-005', `${what} with type ${JSON.stringify(type)}, which Margo does not register (ERR-005). Put vendor problem types under your own domain.`, response.exchange));
  }
  if (![429, 503, 500].includes(response.status) && body.retryable !== false) {
    findings.push(fail('ERR-006', `${what} with "retryable": ${JSON.stringify(body.retryable)}; expected false (ERR-006). Mark non-retryable errors retryable: false.`, response.exchange));
  }
  if (response.status === 422 && (!Array.isArray(body.errors) || body.errors.length === 0)) {
    findings.push(fail('ERR-008', `${what} without an errors list naming the offending fields (ERR-008). Add errors: [{field, message}].`, response.exchange));
  }
  return findings;
}

/**
 * A burst from one client until the WFM rate-limits it; a 429 needs Retry-After, retryable true, exponential.
 * Rate limiting itself is not required (ERR-006 binds the 429 and 503 a WFM sends), so a WFM that never
 * limits within the bound is `skip` with the bound named, never a pass.
 */
async function rateLimited(context: WfmContext): Promise<Finding[]> {
  const client = await context.newClient('err-006-burst');
  let limited: HttpResponse | undefined;
  let sent = 0;
  const started = performance.now();
  const within = () => sent < BURST.requests && performance.now() - started < BURST.ms * (context.timeScale?.factor ?? 1);
  await Promise.all(
    Array.from({ length: BURST.lanes }, async () => {
      while (!limited && within()) {
        sent += 1;
        const response = await client.call({ method: 'GET', endpoint: 'deployments' });
        if (response.status === 429 || response.status === 503) limited ??= response;
      }
    }),
  );
  const elapsed = Math.round(performance.now() - started);
  if (!limited) return [{ requirement: 'ERR-006', outcome: 'skip', message: `${sent} requests from one client in ${elapsed} ms (bound: ${BURST.requests} requests or ${BURST.ms} ms, ${BURST.lanes} in flight) got no 429 or 503: the WFM does not rate-limit, which Margo allows, so Retry-After could not be checked (ERR-006).` }];
  const body = parseJson(limited.body)?.value as Record<string, unknown> | undefined;
  const problems = [
    limited.headers['retry-after'] === undefined ? 'no Retry-After header' : undefined,
    body?.retryable !== true ? `retryable ${JSON.stringify(body?.retryable)}` : undefined,
    body?.backoffStrategy !== 'exponential' ? `backoffStrategy ${JSON.stringify(body?.backoffStrategy)}` : undefined,
  ].filter(Boolean);
  if (problems.length === 0) return passed(['ERR-006'], `${answered(limited)} with Retry-After, retryable true and backoffStrategy exponential, after ${sent} requests in ${elapsed} ms.`, [limited]);
  return [fail('ERR-006', `${answered(limited)} with ${problems.join(', ')}; expected Retry-After, retryable true and backoffStrategy exponential (ERR-006).`, limited.exchange)];
}
