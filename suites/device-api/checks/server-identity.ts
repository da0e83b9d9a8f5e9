import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmSvidOptions } from '../../../core/identity/index.js';
import type { ManagementApi } from '../../../core/catalog/editions.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded, undecided } from '../support/findings.js';
import { requestLine } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

interface Row {
  /** Authentication scheme the row applies to (the edition table's `api.auth`). */
  auth: ManagementApi['auth'];
  requirements: string[];
  defect: string;
  svid?: WfmSvidOptions;
  maxVersion?: 'TLSv1.2';
}

/** One wrong server identity per row; the device must send no request to a WFM presenting it. */
const ROWS: Row[] = [
  { auth: 'mtls', requirements: ['ID-007'], defect: 'an SVID naming another wfm-id', svid: { wrongWfmId: true } },
  { auth: 'mtls', requirements: ['ID-008'], defect: 'an SVID whose wfm-id differs only in case', svid: { upperCaseWfmId: true } },
  { auth: 'mtls', requirements: ['ID-012'], defect: 'an SVID of another trust domain', svid: { foreignTrustDomain: true } },
  { auth: 'mtls', requirements: ['ID-015'], defect: 'an SVID that expired a day ago', svid: { expired: true } },
  { auth: 'http-signatures', requirements: ['API-005', 'ONB-001'], defect: 'a certificate from a CA the device was not given', svid: { foreignCa: true } },
  { auth: 'http-signatures', requirements: ['API-006'], defect: 'the right certificate over TLS 1.2 only', maxVersion: 'TLSv1.2' },
];
/** Connection attempts to watch per row: the device must have tried, and been stopped each time. */
const ATTEMPTS = 2;
const REQUIREMENTS = [...new Set(ROWS.flatMap((row) => row.requirements))];

/**
 * ID-007, ID-008, ID-012, ID-015 (rc.3), API-005, ONB-001, API-006 (preview-1): while the mock presents a wrong
 * identity, every connection the device opens carries no request; with the right one back the device
 * polls again (else the row is undecided).
 */
export const serverIdentity = defineCheck<DeviceContext>({
  id: 'device-api/server-identity',
  title: 'The device talks only to a WFM that proves the expected identity over TLS 1.3',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, () =>
      withSession(context, 'server-identity', async (session) => {
        await steady(session, context.waitMs);
        const { traffic, mock } = { traffic: session.mock.traffic, mock: session.mock };
        const pki = context.pki;
        const findings: Finding[] = [];
        for (const row of ROWS.filter((r) => r.auth === context.edition.api.auth && r.requirements.some((id) => context.scope.has(id)))) {
          const identity = row.svid ? await pki.issueWfm(row.svid) : pki.wfm;
          const swappedAt = Date.now() - mock.startedAt;
          const name = row.requirements.join('+');
          mock.presentIdentity({ name, certPem: identity.certPem, keyPem: identity.keyPem, ...(row.maxVersion ? { maxVersion: row.maxVersion } : {}) });
          const since = traffic.connections.length;
          const leak = () => traffic.exchanges.find((e) => e.at > swappedAt && e.at >= (traffic.connections[since]?.at ?? Infinity));
          // Either the device tried and was stopped each time, or it sent a request: both decide the row.
          await traffic.waitUntil(() => leak() !== undefined || traffic.connections.slice(since).filter((c) => c.identity === name).length >= ATTEMPTS, { timeoutMs: context.waitMs, what: `${ATTEMPTS} connection attempts to a WFM presenting ${row.defect}` });
          const leaked = leak();
          mock.presentIdentity({ name: 'valid', certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem });
          if (leaked) {
            for (const id of row.requirements) findings.push(fail(id, `${requestLine(leaked)} was sent to a WFM presenting ${row.defect} (${id}). Verify the WFM's identity and abort the connection before sending anything.`, leaked));
          }
          const back = traffic.mark();
          try {
            await traffic.waitFor((e) => e.route === 'deployments', { since: back, timeoutMs: context.waitMs * 2 });
          } catch {
            return [...findings, ...undecided(REQUIREMENTS.filter((id) => !findings.some((f) => f.requirement === id)), `The device did not poll again within ${context.waitMs * 2} ms after the WFM presented its right identity once more, so the remaining identity rows could not be decided.`)];
          }
        }
        return findings;
      }),
    ),
});
