import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { certificateFields, matchClientSpiffeId, parseSpiffeId, peerChain, verifySvid } from '../../../core/identity/index.js';
import type { FaultSet } from '../faults.js';
import { apiError, type ApiError } from '../http/problem.js';
import type { WfmState } from '../state/wfm-state.js';

export interface MtlsSettings {
  trustDomain: string;
  wfmId: string;
  /** Trust bundle (PEM anchors) client SVIDs must chain to. */
  caPem: string;
  now: () => number;
  faults: FaultSet;
}

/**
 * rc.3 caller identity (ID-002): the SPIFFE ID of a verified client X.509-SVID with this WFM's exact
 * client shape (ID-005, ID-008, ID-012), on the accepted-client policy (ID-006). Checked on every
 * request, so a policy change applies to open connections too (ID-016). Anything else is 403
 * not-authorized (ID-001, ID-004). Headers such as Client-Cert are never read (ID-017).
 */
export function authenticateMtls(req: IncomingMessage, state: WfmState, settings: MtlsSettings): { caller: string } | ApiError {
  const { faults } = settings;
  const denied = (detail: string) => apiError('not-authorized', detail);
  const { chain, presentedId } = presentedOnSocket(req.socket as TLSSocket);
  if (chain.length === 0) return denied('No client certificate was presented; connect with your X.509-SVID (ID-001).');

  const trustDomain = faults.has('accepts-foreign-trust-domain') ? (presentedId?.trustDomain ?? settings.trustDomain) : settings.trustDomain;
  const verified = verifiedOnSocket(req.socket, chain, () => verifySvid(chain, settings.caPem, { trustDomain, now: new Date(settings.now()) }), trustDomain, settings.now());
  if ('problems' in verified) return denied(`The client X.509-SVID is not valid: ${verified.problems.join('; ')}.`);

  const wfmId = faults.has('accepts-wrong-spiffe-id') ? (presentedId?.path.split('/')[3] ?? settings.wfmId) : settings.wfmId;
  const matched = matchClientSpiffeId(verified.spiffeId, { trustDomain, wfmId });
  if ('problem' in matched) return denied(`The client SPIFFE ID does not belong to this WFM: ${matched.problem}.`);

  const client = state.client(verified.spiffeId);
  if (faults.has('accepts-unlisted-client')) {
    if (!client) state.acceptClient(verified.spiffeId);
  } else if (!client?.accepted) {
    return denied(`${verified.spiffeId} is not on this WFM's accepted-client policy (ID-006). Ask the operator to accept the client.`);
  }
  // pins-first-client-key: the key of a client's first SVID is kept, and a renewed SVID (same SPIFFE ID, new key) is refused (ID-020).
  if (faults.has('pins-first-client-key') && !keyMatchesPin(state, verified.spiffeId, chain[0] as Buffer)) {
    return denied(`${verified.spiffeId} presented another key than its first SVID; refusing the renewed SVID.`);
  }
  return { caller: verified.spiffeId };
}

const pinnedKeys = new WeakMap<WfmState, Map<string, string>>();

/** Fault pins-first-client-key: whether the leaf's public key is the one first seen for this SPIFFE ID. */
function keyMatchesPin(state: WfmState, spiffeId: string, leaf: Buffer): boolean {
  const key = new X509Certificate(leaf).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  let pins = pinnedKeys.get(state);
  if (!pins) pinnedKeys.set(state, (pins = new Map()));
  const pinned = pins.get(spiffeId);
  if (pinned === undefined) pins.set(spiffeId, key);
  return pinned === undefined || pinned === key;
}

const presentedOnSockets = new WeakMap<object, { chain: Buffer[]; presentedId: ReturnType<typeof parseSpiffeId> }>();

/** The chain a connection presented and the SPIFFE ID it names, read once per connection (it cannot change). */
function presentedOnSocket(socket: TLSSocket): { chain: Buffer[]; presentedId: ReturnType<typeof parseSpiffeId> } {
  let presented = presentedOnSockets.get(socket);
  if (!presented) {
    const chain = peerChain(socket);
    presented = { chain, presentedId: peerSpiffeId(chain) };
    presentedOnSockets.set(socket, presented);
  }
  return presented;
}

const verifiedSockets = new WeakMap<object, { trustDomain: string; spiffeId: string; validUntil: number }>();

/**
 * A chain verified on a connection stays verified for that connection until its first certificate
 * expires: a TLS connection cannot change the chain it presented, and parsing it on every request is
 * most of a request's cost. Failures are not kept; the policy check after this runs on every request.
 */
function verifiedOnSocket(socket: object, chain: Buffer[], verify: () => ReturnType<typeof verifySvid>, trustDomain: string, now: number): ReturnType<typeof verifySvid> {
  const cached = verifiedSockets.get(socket);
  if (cached && cached.trustDomain === trustDomain && now < cached.validUntil) return { spiffeId: cached.spiffeId };
  const verified = verify();
  if (!('problems' in verified)) {
    // Read from the DER (microseconds; a certificate parse costs a quarter millisecond): verifySvid walked each already.
    const validUntil = Math.min(...chain.map((der) => certificateFields(der).notAfter.getTime()));
    verifiedSockets.set(socket, { trustDomain, spiffeId: verified.spiffeId, validUntil });
  }
  return verified;
}

/** The SPIFFE ID in the leaf's URI SAN, read only to narrow what the faults relax. */
function peerSpiffeId(chain: Buffer[]): ReturnType<typeof parseSpiffeId> {
  const leaf = chain[0];
  if (!leaf) return undefined;
  const uri = /URI:([^,\s]+)/.exec(new X509Certificate(leaf).subjectAltName ?? '')?.[1];
  return uri ? parseSpiffeId(uri) : undefined;
}
