import { checkServerIdentity, type TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { peerChain, type ExpectedWfm } from '../../../core/identity/index.js';
import type { DeviceOptions } from '../device-options.js';
import type { DeviceFaultSet } from '../faults.js';
import type { TrustAnchors } from '../trust/trust-anchors.js';
import type { ClientSvid } from './client-svid.js';
import { wfmIdentityProblems } from './verify-wfm-identity.js';

/** The WFM presented an identity the device does not accept; no request was sent on that connection. */
export class WfmIdentityError extends Error {
  override name = 'WfmIdentityError';
  constructor(readonly problems: string[]) {
    super(`The WFM's certificate was refused: ${problems.join('; ')}`);
  }
}

export interface WfmAgentOptions {
  trust: DeviceOptions['trust'];
  /** rc.3: the anchors the WFM's SVID is verified against, read for every new connection pool. */
  anchors?: TrustAnchors;
  expectedWfm?: ExpectedWfm;
  /** rc.3: the SVID each new connection presents, read anew for each (ID-021). @default the one in `trust` */
  svid?: () => Promise<ClientSvid>;
  faults: DeviceFaultSet;
  now: () => number;
}

/** The WFM connections: the pool each request goes through. */
export interface WfmConnections {
  pool(): Agent;
  close(): Promise<void>;
}

// Idle connections close soon, so a WFM restarted with another certificate is verified afresh.
const KEEP_ALIVE_MS = 2000;

/**
 * HTTP/1.1 connections to the WFM (API-002). TLS 1.3 only (API-006; ID-010 allows 1.2 only as a
 * non-default fallback, which we do not need). No TLS session resumption, so every connection is
 * authenticated from scratch (ID-016).
 * rc.3: mutual TLS with the client's SVID; OpenSSL's own chain check is off and the WFM's SVID is verified
 * by `verifyWfmSvid` against the current anchors before any request is written (ID-007, ID-012). When the
 * anchors are replaced, the next request gets a fresh pool, so no connection verified against the old
 * anchors is used again (TB-009); requests already on the old pool finish there.
 * preview-1: the configured WFM root CA is the only anchor, with the RFC 6125 name check (API-005, ONB-001).
 */
export function createWfmConnections(options: WfmAgentOptions): WfmConnections {
  const { trust } = options;
  const common = { ALPNProtocols: ['http/1.1'], minVersion: 'TLSv1.3' as const, maxCachedSessions: 0 };
  if (trust.kind === 'signature') {
    const agent = new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, connect: { ...common, ca: trust.wfmCaPem, rejectUnauthorized: true, checkServerIdentity } });
    return { pool: () => agent, close: () => agent.close() };
  }
  const { anchors, expectedWfm: expected } = options;
  if (!anchors || !expected) throw new Error('reference device: an SVID trust needs trust anchors and the expected WFM (ID-007).');
  const svid = options.svid ?? (() => Promise.resolve({ certPem: trust.certPem, keyPem: trust.keyPem }));
  // One connector per SVID: a renewed SVID (ID-021) gets its own, the old one stays with the connections it made.
  let connector: { certPem: string; build: buildConnector.connector } | undefined;
  const connectorOf = (current: ClientSvid) => {
    if (current.certPem !== connector?.certPem) connector = { certPem: current.certPem, build: buildConnector({ ...common, cert: current.certPem, key: current.keyPem, rejectUnauthorized: false }) };
    return connector.build;
  };
  let pinnedLeaf: string | undefined;
  const verified = (socket: TLSSocket, anchorsPem: string | undefined): string[] => {
    // No anchors verify nothing: the SVID check then refuses the WFM (TB-007, fail closed).
    const problems = wfmIdentityProblems(socket, anchorsPem ?? '', expected, new Date(options.now()), options.faults);
    if (problems.length > 0 || !options.faults.has('pins-wfm-leaf')) return problems;
    // pins-wfm-leaf: the first WFM leaf accepted is pinned, so a renewed one (same SPIFFE ID, new key) is refused.
    const leaf = peerChain(socket)[0]?.toString('base64') ?? '';
    pinnedLeaf ??= leaf;
    return leaf === pinnedLeaf ? [] : ['the WFM presented another certificate than the one pinned at first contact (ID-022)'];
  };
  const svidAgent = (anchorsPem: string | undefined) =>
    new Agent({
      keepAliveTimeout: KEEP_ALIVE_MS,
      connect: (connectOptions, callback) => {
        svid().then(
          (current) =>
            connectorOf(current)(connectOptions, (error, socket) => {
              if (error || !socket) return callback(error ?? new Error('no socket'), null);
              const problems = verified(socket as TLSSocket, anchorsPem);
              if (problems.length === 0) return callback(null, socket);
              socket.destroy();
              return callback(new WfmIdentityError(problems), null);
            }),
          (cause: unknown) => callback(cause as Error, null),
        );
      },
    });
  let current = { anchorsPem: anchors.current(), agent: svidAgent(anchors.current()) };
  const retiring = new Set<Promise<void>>();
  return {
    pool() {
      const anchorsPem = anchors.current();
      if (anchorsPem !== current.anchorsPem) {
        const closing = current.agent.close().finally(() => retiring.delete(closing));
        retiring.add(closing);
        current = { anchorsPem, agent: svidAgent(anchorsPem) };
      }
      return current.agent;
    },
    async close() {
      await Promise.all([current.agent.close(), ...retiring]);
    },
  };
}
