import { isTlsRefusal, type HttpResponse } from '../../../core/http/index.js';
import type { ClientSvidOptions } from '../../../core/identity/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { answered, fail, guarded } from '../support/findings.js';

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
      const served = new Map<Case, HttpResponse>();
      await Promise.all(
        CASES.map(async (row, index) => {
          if (!context.scope.has(row.requirement)) return;
          const name = `auth-${index}`;
          const unique = `${context.runId}-${name}`;
          const svid = { ...row.svid, ...(row.spiffeId ? { spiffeId: row.spiffeId(context.pki.trustDomain, context.pki.wfmId, unique) } : {}) };
          const client = await context.newClient(name, { accept: row.accept ?? true, svid });
          const identity = row.noCertificate ? { caPem: client.identity.caPem ?? '' } : client.identity;
          try {
            const response = await client.call({ method: 'GET', endpoint: 'deployments', identity });
            if (response.status !== 403) served.set(row, response);
          } catch (cause) {
            if (!isTlsRefusal(cause)) throw cause;
          }
        }),
      );
      // A WFM that serves any wfm-id (ID-005) does not compare at all; exact comparison (ID-008) is judged only when it refuses other wfm-ids.
      const comparesWfmIds = ![...served.keys()].some((row) => row.requirement === 'ID-005');
      const findings: Finding[] = [];
      for (const [row, response] of served) {
        if (row.requirement === 'ID-008' && !comparesWfmIds) {
          findings.push({ requirement: 'ID-008', outcome: 'skip', message: 'The WFM serves clients of another wfm-id, so exact comparison is decided under ID-005.' });
          continue;
        }
        findings.push(fail(row.requirement, `${answered(response)} to a client with ${row.credential}; expected the TLS handshake to fail or 403 (${row.requirement}). Refuse such clients.`, response.exchange, { expected: 'TLS refusal or 403', actual: response.status }));
      }
      return findings.sort((a, b) => a.message.localeCompare(b.message));
    }),
});
