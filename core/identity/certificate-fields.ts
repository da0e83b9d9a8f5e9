/** The few X.509 fields an SVID verifier reads, straight from the DER (RFC 5280 4.1). */
export interface CertificateFields {
  notBefore: Date;
  notAfter: Date;
  /** uniformResourceIdentifier names of the subjectAltName extension, in order. */
  uris: string[];
  /** basicConstraints cA. */
  ca: boolean;
  /** keyUsage bits, bit i of the BIT STRING as 2^i (digitalSignature = 1, keyCertSign = 32, cRLSign = 64); 0 without the extension. */
  keyUsage: number;
}

const SUBJECT_ALT_NAME = '551d11';
const BASIC_CONSTRAINTS = '551d13';
const KEY_USAGE = '551d0f';

/**
 * Reads validity, URI SANs, basicConstraints and keyUsage of a DER certificate in a few microseconds
 * (a full ASN.1 object model costs milliseconds, which a WFM pays per client connection). Throws on
 * DER it cannot walk. The first occurrence of an extension counts.
 */
export function certificateFields(der: Uint8Array): CertificateFields {
  const certificate = expect(der, 0, 0x30, der.length);
  const tbs = expect(der, certificate.start, 0x30, certificate.end);
  let at = tbs.start;
  if (der[at] === 0xa0) at = readTlv(der, at, tbs.end).end; // version
  for (let skip = 0; skip < 3; skip++) at = readTlv(der, at, tbs.end).end; // serialNumber, signature, issuer
  const validity = expect(der, at, 0x30, tbs.end);
  const notBeforeTlv = readTlv(der, validity.start, validity.end);
  const notAfterTlv = readTlv(der, notBeforeTlv.end, validity.end);
  const fields: CertificateFields = { notBefore: readTime(der, notBeforeTlv), notAfter: readTime(der, notAfterTlv), uris: [], ca: false, keyUsage: 0 };
  at = validity.end;
  for (let skip = 0; skip < 2; skip++) at = readTlv(der, at, tbs.end).end; // subject, subjectPublicKeyInfo
  const seen = new Set<string>();
  while (at < tbs.end) {
    const field = readTlv(der, at, tbs.end);
    at = field.end;
    if (der[field.at] !== 0xa3) continue; // issuerUniqueID, subjectUniqueID
    const list = expect(der, field.start, 0x30, field.end);
    for (let next = list.start; next < list.end; ) {
      const extension = expect(der, next, 0x30, list.end);
      next = extension.end;
      const id = expect(der, extension.start, 0x06, extension.end);
      let valueAt = id.end;
      if (der[valueAt] === 0x01) valueAt = readTlv(der, valueAt, extension.end).end; // critical
      const value = expect(der, valueAt, 0x04, extension.end);
      const oid = Buffer.from(der.subarray(id.start, id.end)).toString('hex');
      if (seen.has(oid)) continue;
      seen.add(oid);
      if (oid === SUBJECT_ALT_NAME) fields.uris = readUris(der, value.start, value.end);
      else if (oid === BASIC_CONSTRAINTS) fields.ca = readCa(der, value.start, value.end);
      else if (oid === KEY_USAGE) fields.keyUsage = readBits(der, value.start, value.end);
    }
  }
  return fields;
}

interface Tlv {
  at: number;
  start: number;
  end: number;
}

function readTlv(der: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new Error(`DER element at ${at} runs past its container`);
  const first = der[at + 1] as number;
  let start = at + 2;
  let length = first;
  if (first >= 0x80) {
    const bytes = first & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error(`DER length at ${at} is not definite`);
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] as number);
    start += bytes;
  }
  if (start + length > limit) throw new Error(`DER element at ${at} runs past its container`);
  return { at, start, end: start + length };
}

function expect(der: Uint8Array, at: number, tag: number, limit: number): Tlv {
  if (der[at] !== tag) throw new Error(`DER element at ${at} has tag ${der[at]}; expected ${tag}`);
  return readTlv(der, at, limit);
}

function readTime(der: Uint8Array, tlv: Tlv): Date {
  const text = Buffer.from(der.subarray(tlv.start, tlv.end)).toString('latin1');
  const utc = der[tlv.at] === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : undefined;
  const generalized = der[tlv.at] === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text) : undefined;
  const match = utc ?? generalized;
  if (!match) throw new Error(`certificate time "${text}" is neither UTCTime nor GeneralizedTime in UTC`);
  const [, year, month, day, hours, minutes, seconds] = match.map(Number) as number[];
  // RFC 5280 4.1.2.5.1: a two-digit year below 50 is 20YY.
  const fullYear = utc ? ((year as number) < 50 ? 2000 : 1900) + (year as number) : (year as number);
  const date = new Date(0);
  date.setUTCFullYear(fullYear, (month as number) - 1, day as number);
  date.setUTCHours(hours as number, minutes as number, seconds as number, 0);
  return date;
}

function readUris(der: Uint8Array, start: number, end: number): string[] {
  const names = expect(der, start, 0x30, end);
  const uris: string[] = [];
  for (let at = names.start; at < names.end; ) {
    const name = readTlv(der, at, names.end);
    at = name.end;
    if (der[name.at] === 0x86) uris.push(Buffer.from(der.subarray(name.start, name.end)).toString('latin1'));
  }
  return uris;
}

function readCa(der: Uint8Array, start: number, end: number): boolean {
  const constraints = expect(der, start, 0x30, end);
  if (constraints.start >= constraints.end || der[constraints.start] !== 0x01) return false;
  const flag = readTlv(der, constraints.start, constraints.end);
  return flag.end > flag.start && der[flag.start] !== 0;
}

function readBits(der: Uint8Array, start: number, end: number): number {
  const bits = expect(der, start, 0x03, end);
  let value = 0;
  for (let byte = bits.start + 1; byte < bits.end && byte - bits.start - 1 < 4; byte++) {
    for (let bit = 0; bit < 8; bit++) if ((der[byte] as number) & (0x80 >> bit)) value |= 1 << ((byte - bits.start - 1) * 8 + bit);
  }
  return value >>> 0;
}
