import { matchClientSpiffeId } from './spiffe-id.js';
import { verifySvid, type VerifySvidOptions } from './verify-svid.js';

/** WFM side: a verified client X.509-SVID whose SPIFFE ID has this WFM's exact client shape (ID-005, ID-012). */
export function verifyClientSvid(
  chain: string | Buffer[],
  anchors: string,
  options: VerifySvidOptions & { wfmId: string },
): { spiffeId: string; clientId: string } | { problems: string[] } {
  const verified = verifySvid(chain, anchors, options);
  if ('problems' in verified) return verified;
  const matched = matchClientSpiffeId(verified.spiffeId, options);
  return 'problem' in matched ? { problems: [matched.problem] } : { spiffeId: verified.spiffeId, clientId: matched.clientId };
}
