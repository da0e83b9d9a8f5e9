import { constants } from 'node:crypto';
import type { ServerOptions } from 'node:https';
import type { Edition } from '../../../core/catalog/editions.js';
import type { FaultSet } from '../faults.js';

export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  caPem: string;
  /**
   * Another principal's X.509-SVID of the same trust domain (a device's), served instead of the WFM's own
   * under the `serves-client-svid` fault (ID-007). Given by the launcher only when that fault is on.
   */
  otherPrincipal?: { certPem: string; keyPem: string };
}

/**
 * TLS 1.3 only and HTTP/1.1 by ALPN (API-002, API-006, ID-010). In rc.3 the server asks for a client
 * certificate but does not end the handshake without one: the Trust Bundle API on the same origin is
 * public, so each management request is authenticated on its own and refused with 403 (ID-001 allows
 * either a failed handshake or a 403).
 */
export function tlsOptions(edition: Edition, tls: TlsMaterial, faults: FaultSet): ServerOptions {
  const allowTls12 = faults.has('accepts-tls-1-2') || faults.has('prefers-tls-1-2');
  const presented = faults.has('serves-client-svid') ? tls.otherPrincipal : tls;
  if (!presented) throw new Error('reference WFM: the serves-client-svid fault needs another principal\'s SVID (MARGO_TLS_OTHER_CERT and MARGO_TLS_OTHER_KEY).');
  return {
    cert: presented.certPem,
    key: presented.keyPem,
    ca: tls.caPem,
    minVersion: allowTls12 ? 'TLSv1.2' : 'TLSv1.3',
    maxVersion: faults.has('prefers-tls-1-2') ? 'TLSv1.2' : 'TLSv1.3',
    ALPNProtocols: ['http/1.1'],
    requestCert: edition.api.auth === 'mtls',
    rejectUnauthorized: false,
    // ID-016: no session resumption, so every connection presents and proves its full SVID chain.
    secureOptions: constants.SSL_OP_NO_TICKET,
    sessionTimeout: 0,
  };
}
