import { HttpClientError, isKitRefusal, isTlsRefusal, type HttpConnectionError, type HttpResponse } from '../../../core/http/index.js';
import type { ClientSvidOptions } from '../../../core/identity/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { answered, errorFindings, fail, guarded } from '../support/findings.js';

interface Case {
  requirement: string;
  /** The credential, for the message. */
  credential: string;
  svid?: ClientSvidOptions;
  /** Put the client on the policy first, so only the credential itself can be the reason to refuse. @default true */
  accept?: boolean;
  /** Send no client certificate at all. */
  noCertificate?: boolean;
  /** A SPIFFE ID built from the run's trust domain and wfm-id. */
  spiffeId?: (trustDomain: string, wfmId: string, name: string) => string;
}

/**
 * Wrongly authenticated clients, one defect each (identity test PKI). Each is put on the accepted-client
 * policy first (except the unlisted one), so a refusal can only come from the credential. Refused
 * means a failed TLS handshake or 403 (ID-001 note); any other answer is a failure.
 */
const CASES: Case[] = [
  { requirement: 'ID-001', credential: 'no client certificate', noCertificate: true },
  { requirement: 'ID-015', credential: 'an SVID that expired a day ago', svid: { expired: true } },
  { requirement: 'ID-012', credential: 'an SVID that is not valid until tomorrow', svid: { notYetValid: true } },
  { requirement: 'ID-012', credential: 'an SVID of a foreign trust domain and CA', svid: { foreignTrustDomain: true } },
  { requirement: 'ID-012', credential: 'an own-trust-domain SVID issued by a foreign CA', svid: { foreignCa: true } },
  { requirement: 'ID-012', credential: 'an SVID of our CA naming another trust domain', spiffeId: (_td, wfm, name) => `spiffe://other.test/margo/wfm/${wfm}/client/${name}` },
  { requirement: 'ID-012', credential: 'an SVID without a URI SAN', svid: { noUriSan: true } },
  { requirement: 'ID-012', credential: 'an SVID with two URI SANs', svid: { twoUriSans: true } },
  { requirement: 'ID-012', credential: 'an SVID with cA=true', svid: { caTrue: true } },
  { requirement: 'ID-012', credential: 'an SVID with keyCertSign', svid: { keyCertSign: true } },
  { requirement: 'ID-011', credential: 'an SVID sent without its intermediate CA', svid: { leafOnly: true } },
  { requirement: 'ID-013', credential: 'an SVID with an RSA 2048-bit key', svid: { keyAlgorithm: 'rsa-2048' } },
  { requirement: 'ID-005', credential: 'an SVID naming another wfm-id', svid: { otherWfmId: true } },
  { requirement: 'ID-008', credential: 'an SVID whose wfm-id differs only in letter case', spiffeId: (td, wfm, name) => `spiffe://${td}/margo/wfm/${wfm.toUpperCase()}/client/${name}` },
  { requirement: 'ID-009', credential: 'an SVID whose path does not start with /margo/', spiffeId: (td, wfm, name) => `spiffe://${td}/wfm/${wfm}/client/${name}` },
  { requirement: 'ID-006', credential: 'a valid SVID the operator never accepted', accept: false },
];

export const clientAuthentication = defineCheck<WfmContext>({
  id: 'wfm-api/client-authentication',
  title: 'Management requests with missing, invalid or unaccepted client SVIDs are refused',
  requirements: [...new Set(CASES.map((c) => c.requirement))],
  run: (context) =>
    guarded([...new Set(CASES.map((c) => c.requirement))], async () => {
      const rows = CASES.filter((row) => context.scope.has(row.requirement));
      if (rows.length === 0) return [];
      // The positive control: a refusal proves something only from a WFM that serves a correctly authenticated client.
      const control = await (await context.newClient('auth-control')).call({ method: 'GET', endpoint: 'deployments' });
      if (control.status < 200 || control.status > 299) {
        return errorFindings([...new Set(rows.map((row) => row.requirement))], `${answered(control)} to a correctly authenticated, accepted client, so refusing wrong credentials proves nothing; expected 2xx first.`, control.exchange);
      }
      const outcomes = new Map<Case, Outcome>();
      await Promise.all(
        rows.map(async (row) => {
          const name = `auth-${CASES.indexOf(row)}`;
          const unique = `${context.runId}-${name}`;
          const svid = { ...row.svid, ...(row.spiffeId ? { spiffeId: row.spiffeId(context.pki.trustDomain, context.pki.wfmId, unique) } : {}) };
          const client = await context.newClient(name, { accept: row.accept ?? true, svid });
          const { certPem: _cert, keyPem: _key, ...serverTrust } = client.identity;
          const identity = row.noCertificate ? serverTrust : client.identity;
          try {
            outcomes.set(row, { kind: 'answered', response: await client.call({ method: 'GET', endpoint: 'deployments', identity }) });
          } catch (cause) {
            outcomes.set(row, refusedByWfm(cause) ? { kind: 'refused', error: cause } : { kind: 'undecided', error: cause });
          }
        }),
      );
      // A WFM that serves any wfm-id (ID-005) does not compare at all; exact comparison (ID-008) is judged only when it refuses other wfm-ids.
      const comparesWfmIds = ![...outcomes].some(([row, outcome]) => row.requirement === 'ID-005' && outcome.kind === 'answered' && outcome.response.status !== 403);
      const findings: Finding[] = [];
      for (const [row, outcome] of outcomes) findings.push(judge(row, outcome, control, comparesWfmIds));
      return findings.sort((a, b) => a.message.localeCompare(b.message));
    }),
});

/** The WFM itself ended the connection: a TLS alert, or a reset before any response, with the handshake observed. */
function refusedByWfm(cause: unknown): cause is HttpConnectionError {
  const result = isTlsRefusal(cause) ? cause.handshake?.result : undefined;
  return result === 'refused-by-peer' || result === 'reset';
}

type Outcome = { kind: 'answered'; response: HttpResponse } | { kind: 'refused'; error: HttpConnectionError } | { kind: 'undecided'; error: unknown };

/** One row: 403 or the WFM's own TLS refusal passes, citing it and the control; any other answer fails; the rest is `error`. */
function judge(row: Case, outcome: Outcome, control: HttpResponse, comparesWfmIds: boolean): Finding {
  const { requirement, credential } = row;
  if (outcome.kind === 'answered' && outcome.response.status !== 403) {
    if (requirement === 'ID-008' && !comparesWfmIds) {
      return { requirement, outcome: 'skip', message: 'The WFM serves clients of another wfm-id, so exact comparison is decided under ID-005.' };
    }
    return fail(requirement, `${answered(outcome.response)} to a client with ${credential}; expected the TLS handshake to fail or 403 (${requirement}). Refuse such clients.`, outcome.response.exchange, { expected: 'TLS refusal or 403', actual: outcome.response.status });
  }
  if (outcome.kind === 'answered') {
    return { requirement, outcome: 'pass', message: `${answered(outcome.response)} to a client with ${credential}.`, location: outcome.response.exchange, observed: [...outcome.response.observed, ...control.observed] };
  }
  if (outcome.kind === 'refused') {
    const handshake = outcome.error.handshake;
    return {
      requirement,
      outcome: 'pass',
      message: `The WFM refused a client with ${credential} at the TLS layer (${handshake?.result ?? 'refused'}: ${outcome.error.code ?? 'no code'}).`,
      location: outcome.error.exchange,
      observed: [...outcome.error.observed, ...control.observed],
    };
  }
  const error = outcome.error;
  const what = isKitRefusal(error) ? `the kit refused the WFM's TLS certificate (see ID-007)` : error instanceof HttpClientError ? error.message : `set-up failed: ${error instanceof Error ? error.message : String(error)}`;
  return { requirement, outcome: 'error', message: `A request with ${credential} was not answered and not refused by the WFM: ${what.replace(/\.$/, '')}; ${requirement} is not decided.`, ...(error instanceof HttpClientError ? { location: error.exchange } : {}) };
}
