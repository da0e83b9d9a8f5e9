import { createHash, createPublicKey } from 'node:crypto';

/**
 * The `keyid` we sign with: lower-case hex SHA-256 of the DER SubjectPublicKeyInfo.
 * Reading for ambiguity 4: Margo leaves `keyid` undefined (SIG-003); the Margo sandbox uses this.
 * Accepts a public key, private key or X.509 certificate in PEM.
 */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}
