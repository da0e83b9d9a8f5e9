import { matchWfmSpiffeId, wfmSpiffeId, type ExpectedWfm } from './spiffe-id.js';
import { verifySvid, type VerifySvidOptions } from './verify-svid.js';

/** Client side: a verified WFM X.509-SVID naming exactly the WFM derived from the client's own SVID (ID-007, ID-012). */
export function verifyWfmSvid(
  chain: string | Buffer[],
  anchors: string,
  options: VerifySvidOptions & { wfmId: string },
): { spiffeId: string } | { problems: string[] } {
  const verified = verifySvid(chain, anchors, options);
  if ('problems' in verified) return verified;
  const matched = matchWfmSpiffeId(verified.spiffeId, options);
  return 'problem' in matched ? { problems: [matched.problem] } : verified;
}

/** Marks the refusal as the WFM identity requirement's (ID-007 in rc.3, the server name in preview-1). */
export class WfmIdentityError extends Error {
  readonly requirement: string;
  readonly presented: string[];
  constructor(message: string, requirement: string, presented: string[]) {
    super(message);
    this.name = 'WfmIdentityError';
    this.requirement = requirement;
    this.presented = presented;
  }
}

/**
 * A TLS `checkServerIdentity` for the suite's client (rc.3): the chain was already verified against the
 * bundle; the WFM's X.509-SVID must carry exactly one URI SAN, `spiffe://<trust-domain>/margo/wfm/<wfm-id>`
 * of this run (ID-007). DNS names are ignored (ID-012). Returns the refusal, one line, or undefined.
 */
export function wfmServerIdentity(expected: ExpectedWfm): (host: string, certificate: { subjectaltname?: string }) => WfmIdentityError | undefined {
  const wanted = wfmSpiffeId(expected.trustDomain, expected.wfmId);
  return (_host, certificate) => {
    const uris = (certificate.subjectaltname ?? '').split(/,\s*/).filter((name) => name.startsWith('URI:')).map((name) => name.slice(4));
    const [uri] = uris;
    if (uris.length !== 1 || uri === undefined) {
      return new WfmIdentityError(`the WFM presented a certificate with ${uris.length} URI SANs; expected one, ${wanted} (ID-007). Serve the WFM's own X.509-SVID.`, 'ID-007', uris);
    }
    if ('problem' in matchWfmSpiffeId(uri, expected)) return new WfmIdentityError(`the WFM presented ${uri}; expected ${wanted} (ID-007). Serve the WFM's own X.509-SVID.`, 'ID-007', uris);
    return undefined;
  };
}
