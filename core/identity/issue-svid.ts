import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { issueCertificate, privateKeyPem, type Issued } from './issue-certificate.js';
import { generateKeyPair, type KeyAlgorithm } from './key-algorithm.js';

/** A root CA and the intermediate that issues leaves under it. */
export interface CaPair {
  trustDomain: string;
  root: Issued;
  intermediate: Issued;
}

/** An X.509-SVID as a presenter holds it. */
export interface Svid {
  /** The SPIFFE ID the leaf was meant to carry (also set when a defect removes or adds URI SANs). */
  spiffeId: string;
  /** Leaf first, then the intermediate (ID-011); no root. */
  certPem: string;
  /** PKCS#8 PEM. */
  keyPem: string;
}

/** Single-defect switches shared by client and WFM SVIDs. All default to off. */
export interface SvidDefectOptions {
  /** Validity ended a day ago (ID-015). */
  expired?: boolean;
  /** Validity starts tomorrow (ID-012). */
  notYetValid?: boolean;
  /** SPIFFE ID in the foreign trust domain, issued by the foreign CA (ID-012). */
  foreignTrustDomain?: boolean;
  /** Own-trust-domain SPIFFE ID, issued by the foreign CA: the chain reaches no anchor (ID-012). */
  foreignCa?: boolean;
  /** No URI SAN at all (ID-012). */
  noUriSan?: boolean;
  /** A second SPIFFE ID as a second URI SAN (ID-012). */
  twoUriSans?: boolean;
  /** basicConstraints cA=true on the leaf (ID-012). */
  caTrue?: boolean;
  /** keyUsage keyCertSign on the leaf (ID-012). */
  keyCertSign?: boolean;
  /** Chain without the intermediate (ID-011). */
  leafOnly?: boolean;
  /** Leaf key algorithm; `rsa-2048` is a defect (ID-013). RSA keys take a moment, so only ask when needed. @default 'ecdsa-p256' */
  keyAlgorithm?: KeyAlgorithm;
  /** URI SAN value used verbatim instead of the derived SPIFFE ID (for malformed-ID tests). */
  spiffeId?: string;
}

export interface IssueSvidOptions {
  spiffeId: string;
  /** SPIFFE ID to use under `foreignTrustDomain`. */
  foreignSpiffeId: string;
  commonName: string;
  now: Date;
  dnsNames?: string[];
  ips?: string[];
  defects: SvidDefectOptions;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Leaves are short-lived like real SVIDs, with a few minutes of back-dating for clock skew (ID-015).
const LEAF_BACKDATE = 5 * 60_000;
const LEAF_LIFETIME = DAY;
const ORGANIZATION = 'O=margo-conformance test PKI';

/** Issues a leaf SVID from `trusted` (or `foreign`) with at most the requested defects. */
export async function issueSvid(trusted: CaPair, foreign: CaPair, options: IssueSvidOptions): Promise<Svid> {
  const { defects, now } = options;
  const ca = defects.foreignTrustDomain || defects.foreignCa ? foreign : trusted;
  const spiffeId = defects.spiffeId ?? (defects.foreignTrustDomain ? options.foreignSpiffeId : options.spiffeId);
  const uris = defects.noUriSan ? [] : defects.twoUriSans ? [spiffeId, `${spiffeId}-second`] : [spiffeId];
  const keys = await generateKeyPair(defects.keyAlgorithm ?? 'ecdsa-p256');
  const leaf = await issueCertificate({
    subject: `CN=${safeCommonName(options.commonName)}, ${ORGANIZATION}`,
    keys,
    issuer: ca.intermediate,
    ...validity(now, defects),
    ca: defects.caTrue === true,
    keyUsage: x509.KeyUsageFlags.digitalSignature | (defects.keyCertSign ? x509.KeyUsageFlags.keyCertSign : 0),
    uris,
    dnsNames: options.dnsNames,
    ips: options.ips,
    extendedKeyUsage: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
  });
  const certPem = defects.leafOnly ? leaf.pem : leaf.pem + ca.intermediate.pem;
  return { spiffeId, certPem, keyPem: await privateKeyPem(keys) };
}

/** Root and intermediate for one trust domain, valid from a week before `now` for a month after it. */
export async function createCaPair(trustDomain: string, now: Date): Promise<CaPair> {
  const notBefore = new Date(now.getTime() - 7 * DAY);
  const notAfter = new Date(now.getTime() + 30 * DAY);
  const usage = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;
  const [rootKeys, intermediateKeys] = await Promise.all([generateKeyPair('ecdsa-p256'), generateKeyPair('ecdsa-p256')]);
  const root = await issueCertificate({ subject: `CN=${trustDomain} root CA, ${ORGANIZATION}`, keys: rootKeys, notBefore, notAfter, ca: true, keyUsage: usage });
  const intermediate = await issueCertificate({
    subject: `CN=${trustDomain} intermediate CA, ${ORGANIZATION}`,
    keys: intermediateKeys,
    issuer: root,
    notBefore,
    notAfter,
    ca: true,
    keyUsage: usage,
  });
  return { trustDomain, root, intermediate };
}

/** Validity window of a leaf issued at `now`, moved by the `expired` or `notYetValid` defect. */
export function validity(now: Date, defects: Pick<SvidDefectOptions, 'expired' | 'notYetValid'>): { notBefore: Date; notAfter: Date } {
  const at = (offset: number) => new Date(now.getTime() + offset);
  if (defects.expired) return { notBefore: at(-2 * DAY), notAfter: at(-DAY) };
  if (defects.notYetValid) return { notBefore: at(DAY), notAfter: at(2 * DAY) };
  return { notBefore: at(-LEAF_BACKDATE), notAfter: at(LEAF_LIFETIME) };
}

/** Distinguished-name-safe common name: anything outside a plain set becomes "_". */
export function safeCommonName(name: string): string {
  return name.replace(/[^A-Za-z0-9 ._~-]/g, '_') || '_';
}
