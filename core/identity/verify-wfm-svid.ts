import { matchWfmSpiffeId } from './spiffe-id.js';
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
