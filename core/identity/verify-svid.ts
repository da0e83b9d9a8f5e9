import { X509Certificate } from 'node:crypto';
import { certificateFields, type CertificateFields } from './certificate-fields.js';
import { decodePem } from './pem.js';
import { checkSpiffeId } from './spiffe-id.js';

export interface VerifySvidOptions {
  /** The verifier's own trust domain; the anchors are that trust domain's bundle. */
  trustDomain: string;
  /** @default the current time */
  now?: Date;
  /** Clock skew tolerated on validity periods (ID-015 allows a small one). @default 0 */
  clockSkewSeconds?: number;
}

interface Parsed {
  der: Buffer;
  node: X509Certificate;
  fields: CertificateFields;
  name: string;
}

/**
 * Verifies an X.509-SVID chain (leaf first) against a trust bundle without any network access:
 * the SVID rules of ID-012, presented intermediates only (ID-011), validity without CRL/OCSP (ID-015)
 * and the key algorithms of ID-013. Every problem found is reported, one line each.
 */
export function verifySvid(chain: string | Buffer[], anchors: string, options: VerifySvidOptions): { spiffeId: string } | { problems: string[] } {
  const presented = parseAll(typeof chain === 'string' ? decodePem(chain) : chain, 'presented certificate', false);
  if ('problem' in presented) return { problems: [presented.problem] };
  const [leaf, ...intermediates] = presented;
  if (!leaf) return { problems: ['no certificate was presented; an X.509-SVID chain starts with its leaf (ID-012)'] };
  const bundle = parseAll(decodePem(anchors), 'trust bundle certificate', true);
  if ('problem' in bundle) return { problems: [bundle.problem] };
  if (bundle.length === 0) return { problems: ['the trust bundle has no X.509 anchors (ID-012)'] };

  const now = options.now ?? new Date();
  const skewMs = (options.clockSkewSeconds ?? 0) * 1000;
  const problems: string[] = [];
  const identity = leafIdentity(leaf, options.trustDomain);
  problems.push(...identity.problems, ...leafConstraintProblems(leaf), ...validityProblems(leaf, 'leaf', now, skewMs));
  // As in go-spiffe, the SPIFFE ID's trust domain selects the bundle: a foreign ID has no bundle here, so no chain to check.
  if (!identity.foreign) problems.push(...chainProblems(leaf, intermediates, bundle, now, skewMs));
  return problems.length === 0 && identity.spiffeId ? { spiffeId: identity.spiffeId } : { problems };
}

// Anchors and intermediates recur on every verification (a WFM verifies thousands of clients under
// one CA): parsed once, by their DER, in a small bounded memo. Leaves are parsed each time.
const PARSED_CAS = new Map<string, Parsed>();
const PARSED_CAS_LIMIT = 256;

/** `cacheAll`: every certificate is an anchor; otherwise all but the first (the leaf) may be cached. */
function parseAll(ders: Buffer[], label: string, cacheAll: boolean): Parsed[] | { problem: string } {
  const parsed: Parsed[] = [];
  for (const [index, der] of ders.entries()) {
    const key = cacheAll || index > 0 ? der.toString('base64') : undefined;
    const known = key === undefined ? undefined : PARSED_CAS.get(key);
    if (known) {
      parsed.push(known);
      continue;
    }
    try {
      const node = new X509Certificate(der);
      const entry = { der, node, fields: certificateFields(der), name: node.subject.replace(/\n/g, ', ') };
      parsed.push(entry);
      if (key !== undefined) {
        if (PARSED_CAS.size >= PARSED_CAS_LIMIT) PARSED_CAS.clear();
        PARSED_CAS.set(key, entry);
      }
    } catch {
      return { problem: `${label} #${index + 1} is not a parsable X.509 certificate (ID-012)` };
    }
  }
  return parsed;
}

function leafIdentity(leaf: Parsed, trustDomain: string): { spiffeId?: string; foreign: boolean; problems: string[] } {
  const { uris } = leaf.fields;
  const [uri] = uris;
  if (uris.length !== 1 || uri === undefined) {
    return { foreign: false, problems: [`leaf has ${uris.length} URI SANs; an X.509-SVID has exactly one (ID-012)`] };
  }
  const id = checkSpiffeId(uri);
  if ('reason' in id) return { foreign: false, problems: [`leaf URI SAN "${uri}" is not a valid SPIFFE ID: ${id.reason} (ID-012)`] };
  if (id.trustDomain !== trustDomain) {
    return { foreign: true, problems: [`leaf SPIFFE ID trust domain is "${id.trustDomain}"; expected "${trustDomain}", the only trust bundle held (ID-012)`] };
  }
  return { spiffeId: uri, foreign: false, problems: [] };
}

function leafConstraintProblems(leaf: Parsed): string[] {
  const problems: string[] = [];
  if (isCa(leaf)) problems.push('leaf has basicConstraints cA=true; an X.509-SVID leaf is not a CA (ID-012)');
  const usages = leaf.fields.keyUsage;
  const signing = (['keyCertSign', 'cRLSign'] as const).filter((flag) => usages & KEY_USAGE_FLAGS[flag]);
  if (signing.length > 0) problems.push(`leaf keyUsage includes ${signing.join(' and ')}; an X.509-SVID leaf has neither (ID-012)`);
  const keyProblem = leafKeyProblem(leaf.node);
  if (keyProblem) problems.push(keyProblem);
  return problems;
}

// RFC 5280 4.2.1.3 bits 5 and 6, numbered as `CertificateFields.keyUsage` numbers them.
const KEY_USAGE_FLAGS = { keyCertSign: 32, cRLSign: 64 } as const;
const ALLOWED_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384' };
const MIN_RSA_BITS = 3072;

function leafKeyProblem(certificate: X509Certificate): string | undefined {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? 'unknown';
  if (type === 'ed25519') return undefined;
  if (type === 'ec' && details.namedCurve && ALLOWED_CURVES[details.namedCurve]) return undefined;
  if ((type === 'rsa' || type === 'rsa-pss') && (details.modulusLength ?? 0) >= MIN_RSA_BITS) return undefined;
  const described = type === 'ec' ? `ECDSA ${details.namedCurve ?? '?'}` : type.startsWith('rsa') ? `RSA ${details.modulusLength ?? '?'}-bit` : type;
  return `leaf key is ${described}; an X.509-SVID key is ECDSA P-256/P-384, Ed25519 or RSA >= ${MIN_RSA_BITS} bits (ID-013)`;
}

function validityProblems(certificate: Parsed, label: string, now: Date, skewMs: number): string[] {
  const { notBefore, notAfter } = certificate.fields;
  const at = now.toISOString();
  if (now.getTime() - skewMs > notAfter.getTime()) return [`${label} "${certificate.name}" expired at ${notAfter.toISOString()} (now ${at}) (ID-015)`];
  if (now.getTime() + skewMs < notBefore.getTime()) return [`${label} "${certificate.name}" is not valid before ${notBefore.toISOString()} (now ${at}) (ID-012)`];
  return [];
}

/** Builds leaf -> presented intermediates -> anchor, checking each link's signature; no AIA fetching (ID-011). */
function chainProblems(leaf: Parsed, intermediates: Parsed[], anchors: Parsed[], now: Date, skewMs: number): string[] {
  const unused = [...intermediates];
  const problems: string[] = [];
  let current = leaf;
  for (;;) {
    const anchor = anchors.find((candidate) => candidate.der.equals(current.der) || signedBy(current, candidate) === 'yes');
    if (anchor) return [...problems, ...validityProblems(anchor, 'trust bundle anchor', now, skewMs)];
    const index = unused.findIndex((candidate) => isCa(candidate) && signedBy(current, candidate) === 'yes');
    const issuer = index === -1 ? undefined : unused.splice(index, 1)[0];
    if (!issuer) return [...problems, missingIssuerProblem(current, leaf, intermediates, [...anchors, ...unused])];
    problems.push(...validityProblems(issuer, 'intermediate', now, skewMs));
    current = issuer;
  }
}

// Node's X509Certificate.ca also requires keyCertSign, so read basicConstraints directly.
function isCa(certificate: Parsed): boolean {
  return certificate.fields.ca;
}

function signedBy(subject: Parsed, issuer: Parsed): 'yes' | 'bad-signature' | 'no' {
  if (!subject.node.checkIssued(issuer.node)) return 'no';
  try {
    return subject.node.verify(issuer.node.publicKey) ? 'yes' : 'bad-signature';
  } catch {
    return 'bad-signature';
  }
}

function missingIssuerProblem(current: Parsed, leaf: Parsed, intermediates: Parsed[], candidates: Parsed[]): string {
  const forged = candidates.find((candidate) => signedBy(current, candidate) === 'bad-signature');
  if (forged) return `signature on "${current.name}" does not verify with the key of "${forged.name}" (ID-012)`;
  if (current === leaf && intermediates.length === 0) {
    return `leaf "${leaf.name}" is not issued by a trust bundle anchor and no intermediate was presented; a presenter sends leaf + intermediates (ID-011)`;
  }
  const issuer = current.node.issuer.replace(/\n/g, ', ');
  return `"${current.name}" is issued by "${issuer}", which is neither a trust bundle anchor nor a presented CA certificate (ID-012)`;
}
