import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign, X509Certificate } from 'node:crypto';
import type { CaPair, Svid } from './issue-svid.js';
import { safeCommonName } from './issue-svid.js';
import { encodePem } from './pem.js';

/** One client SVID to issue: its SPIFFE ID (the only URI SAN) and common name. */
export interface BatchSvidRequest {
  spiffeId: string;
  commonName: string;
}

const ORGANIZATION = 'margo-conformance test PKI';
const LEAF_BACKDATE = 5 * 60_000;
const LEAF_LIFETIME = 24 * 3_600_000;

// DER OIDs (content bytes only).
const OID = {
  ecdsaWithSha256: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02],
  commonName: [0x55, 0x04, 0x03],
  organization: [0x55, 0x04, 0x0a],
  basicConstraints: [0x55, 0x1d, 0x13],
  keyUsage: [0x55, 0x1d, 0x0f],
  subjectKeyId: [0x55, 0x1d, 0x0e],
  authorityKeyId: [0x55, 0x1d, 0x23],
  subjectAltName: [0x55, 0x1d, 0x11],
  extKeyUsage: [0x55, 0x1d, 0x25],
  serverAuth: [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01],
  clientAuth: [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02],
};

/**
 * Issues clean client X.509-SVIDs (ECDSA P-256 leaf, each with its own fresh key, signed by the trusted
 * intermediate) with Node's own crypto and a small DER writer: the same profile as `issueSvid` without
 * defects (basicConstraints cA=false and keyUsage digitalSignature, both critical; SKI, AKI; the SPIFFE
 * ID as the only URI SAN; serverAuth and clientAuth), about ten times faster, for fleets of thousands.
 */
export function issueClientSvids(ca: CaPair, requests: readonly BatchSvidRequest[], now: Date): Svid[] {
  const issuerDer = ca.intermediate.der;
  const issuerName = subjectOf(issuerDer);
  const issuerKey = KeyObject.from(ca.intermediate.keys.privateKey);
  const issuerKeyId = keyIdOf(new X509Certificate(issuerDer).publicKey.export({ type: 'spki', format: 'der' }));
  const validity = seq(utcTime(new Date(now.getTime() - LEAF_BACKDATE)), utcTime(new Date(now.getTime() + LEAF_LIFETIME)));
  const algorithm = seq(tlv(0x06, OID.ecdsaWithSha256));
  const fixedExtensions = [
    extension(OID.basicConstraints, true, seq()),
    extension(OID.keyUsage, true, tlv(0x03, [0x07, 0x80])),
    extension(OID.authorityKeyId, false, seq(tlv(0x80, issuerKeyId))),
    extension(OID.extKeyUsage, false, seq(tlv(0x06, OID.serverAuth), tlv(0x06, OID.clientAuth))),
  ];
  const chainTail = ca.intermediate.pem;
  return requests.map(({ spiffeId, commonName }) => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const serial = randomBytes(16);
    serial[0] = ((serial[0] as number) & 0x7f) | 0x01;
    const subject = seq(
      set(seq(tlv(0x06, OID.commonName), tlv(0x0c, Buffer.from(safeCommonName(commonName), 'utf8')))),
      set(seq(tlv(0x06, OID.organization), tlv(0x0c, Buffer.from(ORGANIZATION, 'utf8')))),
    );
    const extensions = [
      ...fixedExtensions.slice(0, 2),
      extension(OID.subjectKeyId, false, tlv(0x04, keyIdOf(spki))),
      fixedExtensions[2] as Buffer,
      extension(OID.subjectAltName, false, seq(tlv(0x86, Buffer.from(spiffeId, 'utf8')))),
      fixedExtensions[3] as Buffer,
    ];
    const tbs = seq(tlv(0xa0, tlv(0x02, [0x02])), tlv(0x02, serial), algorithm, issuerName, validity, subject, spki, tlv(0xa3, seq(...extensions)));
    const signature = sign('sha256', tbs, issuerKey);
    const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
    return { spiffeId, certPem: encodePem('CERTIFICATE', der) + chainTail, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
  });
}

function tlv(tag: number, content: readonly number[] | Buffer): Buffer {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

function seq(...parts: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(parts));
}

function set(...parts: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(parts));
}

function extension(oid: number[], critical: boolean, value: Buffer): Buffer {
  return seq(tlv(0x06, oid), ...(critical ? [tlv(0x01, [0xff])] : []), tlv(0x04, value));
}

function utcTime(date: Date): Buffer {
  const two = (n: number) => String(n).padStart(2, '0');
  const text = `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2 method 1). */
function keyIdOf(spki: Buffer): Buffer {
  const outer = readTlv(spki, 0);
  const algorithm = readTlv(spki, outer.start);
  const bits = readTlv(spki, algorithm.end);
  return createHash('sha1').update(spki.subarray(bits.start + 1, bits.end)).digest();
}

/** The subject Name of a certificate, as DER: the sixth element of its TBSCertificate (version present). */
function subjectOf(der: Buffer): Buffer {
  const tbs = readTlv(der, readTlv(der, 0).start);
  let at = tbs.start;
  for (let i = 0; i < 5; i++) at = readTlv(der, at).end;
  const subject = readTlv(der, at);
  return der.subarray(at, subject.end);
}

function readTlv(der: Buffer, at: number): { start: number; end: number } {
  const first = der[at + 1] as number;
  if (first < 0x80) return { start: at + 2, end: at + 2 + first };
  const bytes = first & 0x7f;
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + (der[at + 2 + i] as number);
  return { start: at + 2 + bytes, end: at + 2 + bytes + length };
}
