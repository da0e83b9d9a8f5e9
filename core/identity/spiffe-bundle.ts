import { X509Certificate } from 'node:crypto';
import { decodePem } from './pem.js';

/** One X.509 authority in a SPIFFE bundle (JWK with `use: "x509-svid"`). */
export interface SpiffeBundleKey {
  kty: string;
  use: 'x509-svid';
  /** Exactly one base64 (not base64url) DER certificate. */
  x5c: [string];
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

/** SPIFFE trust bundle as served at a `trustBundleUri` (TB-006). */
export interface SpiffeBundle {
  keys: SpiffeBundleKey[];
  spiffe_sequence: number;
  spiffe_refresh_hint: number;
}

export interface SpiffeBundleOptions {
  /** @default 1 */
  sequence?: number;
  /** Seconds. @default 300 */
  refreshHintSeconds?: number;
}

/** The SPIFFE bundle JWK Set for the trust anchors in a PEM bundle. */
export function spiffeBundle(anchorsPem: string, options: SpiffeBundleOptions = {}): SpiffeBundle {
  const keys = decodePem(anchorsPem).map((der): SpiffeBundleKey => {
    const jwk = new X509Certificate(der).publicKey.export({ format: 'jwk' });
    const { kty = '', crv, x, y, n, e } = jwk;
    return { kty, ...(crv && { crv }), ...(x && { x }), ...(y && { y }), ...(n && { n }), ...(e && { e }), use: 'x509-svid', x5c: [der.toString('base64')] };
  });
  return { keys, spiffe_sequence: options.sequence ?? 1, spiffe_refresh_hint: options.refreshHintSeconds ?? 300 };
}
