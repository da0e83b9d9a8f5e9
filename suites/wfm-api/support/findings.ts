import { HttpBodyLimitError, HttpConnectionError, HttpTimeoutError, type HttpResponse } from '../../../core/http/index.js';
import type { EvidenceRef, Finding, HttpExchange } from '../../../core/results/model.js';
import { ControlError, ControlUnsupportedError } from '../control-client.js';
import { OnboardingError } from '../device-client.js';
import { SetupError } from './setup-error.js';

/** `GET /api/v1/deployments`: method and path of an exchange, for messages. */
export function requestLine(exchange: HttpExchange): string {
  const url = new URL(exchange.request.url);
  return `${exchange.request.method} ${url.pathname}${url.search}`;
}

/** `GET /api/v1/deployments answered 200` */
export function answered(response: HttpResponse): string {
  return `${requestLine(response.exchange)} answered ${response.status}`;
}

export function fail(requirement: string, message: string, exchange?: HttpExchange, evidence?: Record<string, unknown>): Finding {
  return { requirement, outcome: 'fail', message, ...(exchange ? { location: exchange } : {}), ...(evidence ? { evidence } : {}) };
}

/** A pass for each requirement, standing on the responses that prove it (each exchange and its connection's handshake). */
export function passed(requirements: readonly string[], message: string, responses: readonly HttpResponse[]): Finding[] {
  const observed = citeResponses(responses);
  return requirements.map((requirement) => ({ requirement, outcome: 'pass' as const, message, observed }));
}

/**
 * The findings, plus a pass citing `responses` for each requirement none of them decided: how a check says
 * what its pass stands on, instead of leaving the runner to cite every exchange it made.
 */
export function passIfUndecided(requirements: readonly string[], findings: Finding[], message: string, responses: readonly HttpResponse[]): Finding[] {
  const decided = new Set(findings.map((finding) => finding.requirement));
  return [...findings, ...passed(requirements.filter((requirement) => !decided.has(requirement)), message, responses)];
}

/**
 * The check's precondition never occurred (no error status was elicited, no deployment was listed, no bundle
 * was fetched): each requirement is `indeterminate` with the reason, citing what was observed instead.
 * `message` reads "Not exercised: <what did not happen>, so <ID> cannot be judged. <what would let it>".
 */
export function notExercised(requirements: readonly string[], message: string, responses: readonly HttpResponse[] = []): Finding[] {
  const observed = citeResponses(responses);
  return requirements.map((requirement) => ({ requirement, outcome: 'indeterminate' as const, message, ...(observed.length > 0 ? { observed } : {}) }));
}

function citeResponses(responses: readonly HttpResponse[]): EvidenceRef[] {
  const seen = new Set<string>();
  return responses.flatMap((response) => response.observed).filter((ref) => {
    const key = JSON.stringify(ref);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function skip(requirements: readonly string[], message: string): Finding[] {
  return requirements.map((requirement) => ({ requirement, outcome: 'skip' as const, message }));
}

/** A finding for each requirement: the step could not be decided because the harness or the subject broke. */
export function errorFindings(requirements: readonly string[], message: string, exchange?: HttpExchange): Finding[] {
  return requirements.map((requirement) => ({ requirement, outcome: 'error' as const, message, ...(exchange ? { location: exchange } : {}) }));
}

/**
 * Runs a check body and turns transport and set-up trouble into findings: timeouts, oversize bodies and
 * unexpected connection failures are `error`; an operation the control adapter lacks is `skip`.
 */
export async function guarded(requirements: readonly string[], body: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await body();
  } catch (cause) {
    if (cause instanceof ControlUnsupportedError) {
      return skip(requirements, `Not decided: needs set-up through the control adapter, but ${cause.message}. Add the operation to the adapter to decide this requirement.`);
    }
    if (cause instanceof HttpTimeoutError) return errorFindings(requirements, `${requestLine(cause.exchange)} got no complete response within ${cause.timeoutMs} ms (awaited a response; an expired deadline proves nothing against the WFM). Check that the WFM is up; on a busy machine widen the deadlines with --time-scale.`, cause.exchange);
    if (cause instanceof HttpBodyLimitError) return errorFindings(requirements, `${requestLine(cause.exchange)} answered ${cause.status} with a body over ${cause.limitBytes} bytes; reading stopped there.`, cause.exchange);
    if (cause instanceof HttpConnectionError && cause.phase === 'kit-refused') {
      // The kit's own refusal is judged once, by the WFM identity check (ID-007); here it proves nothing either way.
      const why = cause.cause instanceof Error ? cause.cause.message : String(cause.cause);
      return errorFindings(requirements, `${requestLine(cause.exchange)}: the kit refused the WFM's TLS certificate (${why.replace(/\.$/, '')}), so this could not be decided. See ID-007.`, cause.exchange);
    }
    if (cause instanceof HttpConnectionError) {
      // Under TLS 1.3 a refused client certificate and a server dropping the request both show as a reset before any response.
      const what = cause.phase === 'connect' ? 'found nothing listening' : 'got no response: the connection was refused at the TLS layer or closed on the request';
      return errorFindings(requirements, `${requestLine(cause.exchange)} ${what} (${cause.code ?? 'no code'}), so this could not be decided. Check the target URL and the client credentials the WFM trusts.`, cause.exchange);
    }
    if (cause instanceof OnboardingError) return errorFindings(requirements, `Onboarding a fresh client failed: ${answered(cause.response)}, so this could not be decided (see ONB-005).`, cause.response.exchange);
    if (cause instanceof SetupError) return errorFindings(requirements, `${cause.message}, so this could not be decided.`, cause.exchange);
    if (cause instanceof ControlError) return errorFindings(requirements, `Set-up failed: ${cause.message}.`);
    throw cause;
  }
}

/** A status mismatch: `<request> answered 200; expected 404 (DS-020). <fix>` */
export function expectStatus(requirement: string, response: HttpResponse, expected: number, fix: string): Finding[] {
  if (response.status === expected) return [];
  return [fail(requirement, `${answered(response)}; expected ${expected} (${requirement}). ${fix}`, response.exchange, { expected, actual: response.status })];
}
