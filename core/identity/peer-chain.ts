import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';

/**
 * The peer's certificates as DER, leaf first, from a TLS socket. Node may append the issuing root it
 * found in the trust store; `verifySvid` accepts that. Empty when the peer sent no certificate.
 */
export function peerChain(socket: TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  // Node returns {} without a peer certificate, and a root's issuerCertificate is the root itself.
  let certificate: Partial<DetailedPeerCertificate> | undefined = socket.getPeerCertificate(true);
  while (certificate?.raw && !chain.some((der) => der.equals(certificate?.raw as Buffer))) {
    chain.push(certificate.raw);
    certificate = certificate.issuerCertificate;
  }
  return chain;
}
