import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { TlsHandshake } from '../results/model.js';

/** Marks an Error returned by a `checkServerIdentity` as the kit's own refusal of the server. */
export const KIT_REFUSAL = Symbol('margo.kitRefusal');

// OpenSSL X509 verification results as Node reports them: the kit refused the server's chain or name.
const VERIFY_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'CERT_SIGNATURE_FAILURE', 'CERT_NOT_YET_VALID', 'CERT_HAS_EXPIRED', 'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_CHAIN_TOO_LONG', 'CERT_REVOKED',
  'INVALID_CA', 'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'HOSTNAME_MISMATCH', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_SSL_WRONG_VERSION_NUMBER']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Whether nothing answered at all (no TCP connection): the subject is down, not refusing. */
export function isUnreachableCode(code: string | undefined): boolean {
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

/** How a TLS connection attempt ended, from the error it ended with. */
export function handshakeResultOf(error: NodeJS.ErrnoException & { [KIT_REFUSAL]?: true }): TlsHandshake['result'] {
  const code = error.code ?? '';
  if (error[KIT_REFUSAL] || VERIFY_CODES.has(code)) return 'refused-by-kit';
  if (code.startsWith('ERR_SSL_') && code.includes('ALERT')) return 'refused-by-peer';
  if (RESET_CODES.has(code)) return 'reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'error';
}

/** The presented certificate as evidence: URI and DNS SANs, subject and fingerprint. */
export function describePeer(certificate: PeerCertificate | undefined): TlsHandshake['peer'] | undefined {
  if (!certificate || Object.keys(certificate).length === 0) return undefined;
  const names = (certificate.subjectaltname ?? '').split(/,\s*/).filter(Boolean);
  const values = (prefix: string) => names.filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
  const subject = certificate.subject ? Object.entries(certificate.subject).map(([key, value]) => `${key}=${String(value)}`).join(', ') : undefined;
  return {
    uris: values('URI:'),
    dnsNames: values('DNS:'),
    ...(subject ? { subject } : {}),
    ...(certificate.fingerprint256 ? { fingerprint256: certificate.fingerprint256 } : {}),
  };
}

/**
 * Follows one client TLS socket and keeps `record` up to date: `completed` with protocol and peer on
 * the handshake, then how it ended if it failed (a TLS 1.3 server refuses a client certificate only
 * after the client's handshake completed, so a later alert turns `completed` into `refused-by-peer`).
 */
export function observeHandshake(socket: TLSSocket, record: TlsHandshake, onSettled: () => void): void {
  let settled = false;
  let exchanged = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    onSettled();
  };
  socket.once('secureConnect', () => {
    record.result = 'completed';
    record.protocol = socket.getProtocol() ?? 'unknown';
    const peer = describePeer(socket.getPeerCertificate());
    if (peer) record.peer = peer;
    if (socket.alpnProtocol) record.detail = `ALPN ${socket.alpnProtocol}`;
    settle();
  });
  socket.once('data', () => {
    exchanged = true;
  });
  socket.on('error', (error: NodeJS.ErrnoException & { [KIT_REFUSAL]?: true }) => {
    if (exchanged) return;
    const result = handshakeResultOf(error);
    // After a completed handshake only a peer's alert or reset before any response byte changes the record.
    if (record.result === 'completed' && result !== 'refused-by-peer' && result !== 'reset') return;
    record.result = result;
    record.detail = `${error.code ?? 'no code'}: ${error.message}`;
    settle();
  });
  socket.once('close', () => {
    if (!settled) {
      record.result = 'reset';
      record.detail = 'the connection closed before the TLS handshake completed';
    }
    settle();
  });
}
