import { connect, type SecureVersion } from 'node:tls';
import type { RunTraffic } from '../evidence/run-traffic.js';
import type { EvidenceRef, TlsHandshake } from '../results/model.js';
import type { TlsIdentity } from './http-client.js';
import { describePeer, handshakeResultOf, isUnreachableCode } from './observe-handshake.js';

export interface TlsProbeOptions {
  /** `https://host:port` of the server. */
  url: string;
  identity?: TlsIdentity;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /** OpenSSL cipher string; TLS 1.0/1.1 probes need `DEFAULT@SECLEVEL=0` to be offered at all. */
  ciphers?: string;
  /** @default ['http/1.1'] */
  alpn?: string[];
  /** @default 5000 */
  timeoutMs?: number;
  /** Where the handshake is recorded; the result then carries its reference. */
  traffic?: RunTraffic;
}

interface Observed {
  /** The handshake as observed: protocol, presented certificate, how it ended. */
  handshake: TlsHandshake;
  /** Its traffic-log reference, when `traffic` was given. */
  observed: EvidenceRef[];
}

/**
 * What a handshake gave: the negotiated protocol and ALPN; how the server refused it (alert, reset);
 * `timeout` when the server accepted TCP but never completed a handshake; `unreachable` when nothing
 * accepted the connection at all.
 */
export type TlsProbeResult = Observed &
  (
    | { outcome: 'connected'; protocol: string; alpn: string | false; authorized: boolean }
    | { outcome: 'refused'; code: string; message: string }
    | { outcome: 'timeout'; code: 'ETIMEDOUT'; message: string }
    | { outcome: 'unreachable'; code: string; message: string }
  );

type Settled = { outcome: 'connected'; protocol: string; alpn: string | false; authorized: boolean } | { outcome: 'refused' | 'timeout' | 'unreachable'; code: string; message: string };

/**
 * One TLS handshake with chosen versions, for the protocol-version requirements (ID-010, API-006) and
 * the reachability probe. The connection is closed right after the handshake; in TLS 1.3 a server that
 * refuses the client certificate does so after the client's Finished, so we wait briefly for that alert
 * before deciding.
 */
export function probeTls(options: TlsProbeOptions): Promise<TlsProbeResult> {
  const target = new URL(options.url);
  const identity = options.identity;
  const timeoutMs = options.timeoutMs ?? 5000;
  const handshake: TlsHandshake = { kind: 'tls', role: 'client', host: target.hostname, port: Number(target.port || 443), result: 'error' };
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Settled) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (result.outcome !== 'connected') {
        handshake.result = result.outcome === 'timeout' ? 'timeout' : result.outcome === 'unreachable' ? 'error' : handshake.result === 'error' ? 'reset' : handshake.result;
        handshake.detail = `${result.code}: ${result.message}`;
      }
      const observed: EvidenceRef[] = [];
      if (options.traffic) {
        handshake.id = options.traffic.add(handshake);
        observed.push({ kind: 'traffic', id: handshake.id });
      }
      resolve({ ...result, handshake, observed } as TlsProbeResult);
    };
    const socket = connect({
      host: target.hostname,
      port: Number(target.port || 443),
      ALPNProtocols: options.alpn ?? ['http/1.1'],
      rejectUnauthorized: false,
      ...(identity?.certPem ? { cert: identity.certPem } : {}),
      ...(identity?.keyPem ? { key: identity.keyPem } : {}),
      ...(identity?.caPem ? { ca: identity.caPem } : {}),
      ...(options.minVersion ? { minVersion: options.minVersion } : {}),
      ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
      ...(options.ciphers ? { ciphers: options.ciphers } : {}),
    });
    let tcpConnected = false;
    socket.once('connect', () => {
      tcpConnected = true;
    });
    const timer = setTimeout(
      () => settle({ outcome: 'timeout', code: 'ETIMEDOUT', message: tcpConnected ? `accepted TCP but completed no TLS handshake within ${timeoutMs} ms` : `no TCP connection within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('secureConnect', () => {
      handshake.result = 'completed';
      handshake.protocol = socket.getProtocol() ?? 'unknown';
      const peer = describePeer(socket.getPeerCertificate());
      if (peer) handshake.peer = peer;
      if (socket.alpnProtocol) handshake.detail = `ALPN ${socket.alpnProtocol}`;
      const connected: Settled = { outcome: 'connected', protocol: handshake.protocol, alpn: socket.alpnProtocol ?? false, authorized: socket.authorized };
      // A post-handshake alert (client certificate refused) arrives within a round trip on loopback.
      setTimeout(() => settle(connected), 50);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'EPROTO';
      if (!isUnreachableCode(code)) handshake.result = handshakeResultOf(error);
      settle({ outcome: isUnreachableCode(code) && !tcpConnected ? 'unreachable' : 'refused', code, message: error.message });
    });
    socket.once('close', () => {
      if (handshake.result === 'error') handshake.result = 'reset';
      settle({ outcome: 'refused', code: 'ECONNRESET', message: 'the server closed the connection during the handshake' });
    });
  });
}
