import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { issueCertificate, privateKeyPem, type Issued } from './issue-certificate.js';
import { validity } from './issue-svid.js';
import { generateKeyPair } from './key-algorithm.js';

/** A TLS server certificate (leaf) and its PKCS#8 key, PEM. */
export interface ServerCertificate {
  certPem: string;
  keyPem: string;
}

/**
 * A plain web PKI for servers a client authenticates by anchor and RFC 6125 name, not by SPIFFE ID: the
 * trust bundle server (ID-019). Its CA is what the launch contract hands the device out of band.
 */
export interface ServerPki {
  /** The anchor the client is given (`MARGO_TRUST_DISCOVERY_CA`). */
  caPem: string;
  /** A certificate for localhost and 127.0.0.1, issued by `caPem`. */
  server: ServerCertificate;
  /** Same names, issued by a CA the client was never given (ID-019: no trust on first use). */
  untrusted: ServerCertificate;
  /** Issued by `caPem`, but for another host name only (ID-019: the name check). */
  wrongName: ServerCertificate;
}

const ORGANIZATION = 'O=margo-conformance test PKI';
const DAY = 24 * 60 * 60 * 1000;

/** Generates, in memory, a server CA, an unrelated CA and the three server certificates (ECDSA P-256). */
export async function createServerPki(now = new Date()): Promise<ServerPki> {
  const [ca, stranger] = await Promise.all([createRoot('trust bundle server CA', now), createRoot('unknown CA', now)]);
  const [server, untrusted, wrongName] = await Promise.all([
    issueServer(ca, ['localhost'], ['127.0.0.1'], now),
    issueServer(stranger, ['localhost'], ['127.0.0.1'], now),
    issueServer(ca, ['trust.example.invalid'], [], now),
  ]);
  return { caPem: ca.pem, server, untrusted, wrongName };
}

async function createRoot(name: string, now: Date): Promise<Issued> {
  return issueCertificate({
    subject: `CN=${name}, ${ORGANIZATION}`,
    keys: await generateKeyPair('ecdsa-p256'),
    notBefore: new Date(now.getTime() - 7 * DAY),
    notAfter: new Date(now.getTime() + 30 * DAY),
    ca: true,
    keyUsage: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
  });
}

async function issueServer(issuer: Issued, dnsNames: string[], ips: string[], now: Date): Promise<ServerCertificate> {
  const keys = await generateKeyPair('ecdsa-p256');
  const leaf = await issueCertificate({
    subject: `CN=${dnsNames[0] ?? 'server'}, ${ORGANIZATION}`,
    keys,
    issuer,
    ...validity(now, {}),
    ca: false,
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    dnsNames,
    ips,
    extendedKeyUsage: [x509.ExtendedKeyUsage.serverAuth],
  });
  return { certPem: leaf.pem, keyPem: await privateKeyPem(keys) };
}
