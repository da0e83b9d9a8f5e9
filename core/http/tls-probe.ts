import { connect, type SecureVersion } from 'node:tls';
import type { TlsIdentity } from './http-client.js';

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
}

/** What a handshake gave: the negotiated protocol and ALPN, or how the server refused it. */
export type TlsProbeResult =
  | { outcome: 'connected'; protocol: string; alpn: string | false; authorized: boolean }
  | { outcome: 'refused'; code: string; message: string }
  | { outcome: 'unreachable'; code: string; message: string };

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

/**
 * One TLS handshake with chosen versions, for the protocol-version requirements (ID-010, API-006). The
 * connection is closed right after the handshake; in TLS 1.3 a server that refuses the client
 * certificate does so after the client's Finished, so we wait briefly for that alert before deciding.
 */
export function probeTls(options: TlsProbeOptions): Promise<TlsProbeResult> {
  const target = new URL(options.url);
  const identity = options.identity;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: TlsProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
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
    const timer = setTimeout(
      () => settle({ outcome: 'refused', code: 'ETIMEDOUT', message: `no TLS handshake within ${options.timeoutMs ?? 5000} ms` }),
      options.timeoutMs ?? 5000,
    );
    socket.once('secureConnect', () => {
      const connected: TlsProbeResult = {
        outcome: 'connected',
        protocol: socket.getProtocol() ?? 'unknown',
        alpn: socket.alpnProtocol ?? false,
        authorized: socket.authorized,
      };
      // A post-handshake alert (client certificate refused) arrives within a round trip on loopback.
      setTimeout(() => settle(connected), 50);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'EPROTO';
      settle({ outcome: UNREACHABLE.has(code) ? 'unreachable' : 'refused', code, message: error.message });
    });
    socket.once('close', () => settle({ outcome: 'refused', code: 'ECONNRESET', message: 'the server closed the connection during the handshake' }));
  });
}
