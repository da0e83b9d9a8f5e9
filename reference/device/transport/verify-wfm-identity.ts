import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { parseSpiffeId, peerChain, verifySvid, verifyWfmSvid, wfmSpiffeId, type ExpectedWfm } from '../../../core/identity/index.js';
import type { DeviceFaultSet } from '../faults.js';
import type { SvidTrust } from '../device-options.js';

/**
 * ID-007: the WFM this client may talk to, derived from the client's own SVID
 * (`spiffe://<td>/margo/wfm/<wfm-id>/client/<id>` -> td and wfm-id); the options only override it.
 */
export function expectedWfmOf(trust: SvidTrust): ExpectedWfm {
  const leafPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(trust.certPem)?.[0];
  const uri = leafPem ? /URI:([^,\s]+)/.exec(new X509Certificate(leafPem).subjectAltName ?? '')?.[1] : undefined;
  const own = uri ? parseSpiffeId(uri) : undefined;
  const segments = own?.path.split('/') ?? [];
  const derived = own && segments[1] === 'margo' && segments[2] === 'wfm' && segments[3] ? { trustDomain: own.trustDomain, wfmId: segments[3] } : undefined;
  const trustDomain = trust.trustDomain ?? derived?.trustDomain;
  const wfmId = trust.wfmId ?? derived?.wfmId;
  if (trustDomain === undefined || wfmId === undefined) {
    throw new Error(`reference device: the client SVID's URI SAN "${uri ?? 'none'}" has no /margo/wfm/<wfm-id>/client/<id> shape to derive the WFM from (ID-007). Give --trust-domain and --wfm-id.`);
  }
  return { trustDomain, wfmId };
}

/**
 * Verifies the X.509-SVID the WFM presented on a freshly connected socket against the device's current
 * anchors, with no network access (ID-011, ID-012, ID-015) and requiring exactly the expected WFM ID
 * (ID-007). Returns the problems, empty when the peer is the WFM.
 */
export function wfmIdentityProblems(socket: TLSSocket, anchorsPem: string, expected: ExpectedWfm, now: Date, faults: DeviceFaultSet): string[] {
  const chain = peerChain(socket);
  if (faults.has('accepts-wrong-wfm-spiffe-id')) {
    const verified = verifySvid(chain, anchorsPem, { trustDomain: expected.trustDomain, now });
    return 'problems' in verified ? verified.problems : [];
  }
  if (faults.has('matches-wfm-id-ignoring-case')) {
    const verified = verifySvid(chain, anchorsPem, { trustDomain: expected.trustDomain, now });
    if ('problems' in verified) return verified.problems;
    const wanted = wfmSpiffeId(expected.trustDomain, expected.wfmId);
    return verified.spiffeId.toLowerCase() === wanted.toLowerCase() ? [] : [`the WFM presented ${verified.spiffeId}, not ${wanted} (ID-007)`];
  }
  const verified = verifyWfmSvid(chain, anchorsPem, { ...expected, now });
  if (!('problems' in verified)) return [];
  // ID-015: verifySvid tags an expired certificate with ID-015 alone; the fault lets exactly those pass.
  return faults.has('accepts-expired-wfm-svid') ? verified.problems.filter((problem) => !problem.endsWith('(ID-015)')) : verified.problems;
}
