import { checkServerIdentity, type TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import type { ExpectedWfm } from '../../../harness/identity/index.js';
import type { DeviceOptions, SvidTrust } from '../device-options.js';
import type { DeviceFaultSet } from '../faults.js';
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
  expectedWfm?: ExpectedWfm;
  faults: DeviceFaultSet;
  now: () => number;
}

// Idle connections close soon, so a WFM restarted with another certificate is verified afresh.
const KEEP_ALIVE_MS = 2000;

/**
 * One HTTP/1.1 connection pool to the WFM (API-002). TLS 1.3 only (API-006; ID-010 allows 1.2 only as a
 * non-default fallback, which we do not need). No TLS session resumption, so every connection is
 * authenticated from scratch (ID-016).
 * rc.3: mutual TLS with the client's SVID; OpenSSL's own chain check is off and the WFM's SVID is verified
 * by `verifyWfmSvid` against the trust bundle before any request is written (ID-007, ID-012).
 * preview-1: the configured WFM root CA is the only anchor, with the RFC 6125 name check (API-005, ONB-001).
 */
export function createWfmAgent(options: WfmAgentOptions): Agent {
  const { trust } = options;
  const common = { ALPNProtocols: ['http/1.1'], minVersion: 'TLSv1.3' as const, maxCachedSessions: 0 };
  if (trust.kind === 'signature') {
    return new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, connect: { ...common, ca: trust.wfmCaPem, rejectUnauthorized: true, checkServerIdentity } });
  }
  const base = buildConnector({ ...common, cert: trust.certPem, key: trust.keyPem, rejectUnauthorized: false });
  const expected = options.expectedWfm;
  if (!expected) throw new Error('reference device: an SVID trust needs the expected WFM (ID-007).');
  return new Agent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    connect: (connectOptions, callback) =>
      base(connectOptions, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('no socket'), null);
        const problems = wfmIdentityProblems(socket as TLSSocket, trust as SvidTrust, expected, new Date(options.now()), options.faults);
        if (problems.length === 0) return callback(null, socket);
        socket.destroy();
        return callback(new WfmIdentityError(problems), null);
      }),
  });
}
