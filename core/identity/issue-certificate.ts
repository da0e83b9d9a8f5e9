import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { encodePem } from './pem.js';

/** A certificate with the key that signs on its behalf. */
export interface Issued {
  der: Buffer;
  pem: string;
  /** Subject name, for issuing further certificates under this one. */
  subject: string;
  keys: CryptoKeyPair;
}

export interface IssueCertificateOptions {
  subject: string;
  keys: CryptoKeyPair;
  /** Issuing CA; absent for a self-signed root. */
  issuer?: Issued;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  keyUsage: x509.KeyUsageFlags;
  /** URI SANs, in order. */
  uris?: string[];
  dnsNames?: string[];
  ips?: string[];
  /** Extended key usages; leaves carry serverAuth and clientAuth as the SPIFFE X.509-SVID spec recommends. */
  extendedKeyUsage?: x509.ExtendedKeyUsage[];
}

const crypto = webcrypto as unknown as Crypto;

/** Issues one X.509 v3 certificate, signed by the issuer's key (or its own) with ECDSA/SHA-256 for P-256 issuers. */
export async function issueCertificate(options: IssueCertificateOptions): Promise<Issued> {
  const signer = options.issuer?.keys ?? options.keys;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(options.ca, undefined, true),
    new x509.KeyUsagesExtension(options.keyUsage, true),
    await x509.SubjectKeyIdentifierExtension.create(options.keys.publicKey, false, crypto),
    await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey, false, crypto),
  ];
  const names: x509.JsonGeneralName[] = [
    ...(options.uris ?? []).map((value) => ({ type: 'url' as const, value })),
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  if (options.extendedKeyUsage) extensions.push(new x509.ExtendedKeyUsageExtension(options.extendedKeyUsage, false));
  const certificate = await x509.X509CertificateGenerator.create(
    {
      subject: options.subject,
      issuer: options.issuer?.subject ?? options.subject,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      publicKey: options.keys.publicKey,
      signingKey: signer.privateKey,
      signingAlgorithm: signingAlgorithm(signer.privateKey),
      extensions,
    },
    crypto,
  );
  const der = Buffer.from(certificate.rawData);
  return { der, pem: encodePem('CERTIFICATE', der), subject: options.subject, keys: options.keys };
}

/** PKCS#8 PEM of a private key. */
export async function privateKeyPem(keys: CryptoKeyPair): Promise<string> {
  return encodePem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey));
}

/** SubjectPublicKeyInfo PEM of a public key. */
export async function publicKeyPem(keys: CryptoKeyPair): Promise<string> {
  return encodePem('PUBLIC KEY', await crypto.subtle.exportKey('spki', keys.publicKey));
}

function signingAlgorithm(key: CryptoKey): Algorithm | EcdsaParams {
  const algorithm = key.algorithm as EcKeyAlgorithm;
  if (algorithm.name !== 'ECDSA') return { name: algorithm.name };
  return { name: 'ECDSA', hash: algorithm.namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256' };
}
