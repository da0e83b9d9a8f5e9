import { createPublicKey, verify } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import { parseDictionary } from 'structured-headers';
import { checkContentDigest } from './check-content-digest.js';
import { describeSignatureInput, type SignatureInputDescription } from './describe-signature-input.js';
import { resolveAlgorithm } from './resolve-algorithm.js';
import type { SignatureAlgorithm } from './signature-algorithms.js';
import { verifyFailure, type VerifyFailure } from './verify-failure.js';

/** A received request. `url` is the absolute target URI the client addressed; header names are lower-case. */
export interface VerifiableRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body?: Uint8Array;
}

/** A key a verifier knows, e.g. from an onboarded client certificate. */
export interface VerifyingKeyEntry {
  /** SPKI public key or X.509 certificate, PEM. */
  publicKeyPem: string;
  /** The algorithm the key was registered for; needed for rsa-pss-* signatures that omit `alg`. */
  algorithm?: SignatureAlgorithm;
}

export interface VerifyRequestOptions {
  /** Finds the key for a `keyid`; undefined when none is known. */
  lookupKey: (keyId: string) => VerifyingKeyEntry | undefined;
  /**
   * The current time, Unix seconds.
   * @default the current time
   */
  now?: number;
  /**
   * Replay window: how old `created` may be (SIG-006; Margo says "e.g. 5 minutes", ambiguity 7).
   * @default 300
   */
  maxAgeSeconds?: number;
  /**
   * How far `created` may lie in the future, for clock skew (SIG-006; Margo gives no value, ambiguity 7).
   * @default 30
   */
  maxSkewSeconds?: number;
  /**
   * Components the signature must cover (SIG-002).
   * @default ["@method", "@target-uri", "content-digest"] with a body, ["@method", "@target-uri"] without
   */
  requiredComponents?: string[];
}

export type VerifyResult =
  | { ok: true; keyId: string; created: number; components: string[]; algorithm: SignatureAlgorithm }
  | VerifyFailure;

/** The label Margo's examples use (SIG-003). */
const LABEL = 'sig1';
// RFC 9110 field-name characters, lower-case only; derived components add a leading "@".
const COMPONENT_NAME = /^@?[a-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * Verifies a request against Margo's RFC 9421 profile: the Content-Digest first (400, SIG-007), then
 * the signature (401: SIG-002, SIG-003, SIG-005), including the replay window (401, SIG-006).
 */
export async function verifyRequest(request: VerifiableRequest, options: VerifyRequestOptions): Promise<VerifyResult> {
  const { now = Math.floor(Date.now() / 1000), maxAgeSeconds = 300, maxSkewSeconds = 30 } = options;
  const headers = definedHeaders(request.headers);
  const digestFailure = checkContentDigest(headers['content-digest'], request.body);
  if (digestFailure !== undefined) return digestFailure;

  const inputField = headers['signature-input'];
  const signatureField = headers['signature'];
  if (inputField === undefined || signatureField === undefined) {
    const missing = [inputField === undefined ? 'Signature-Input' : [], signatureField === undefined ? 'Signature' : []].flat().join(' or ');
    return verifyFailure('missing-signature', `Request has no ${missing} field (SIG-003). Sign it per RFC 9421 with label ${LABEL}.`);
  }
  const picked = pickSignature(inputField);
  if ('ok' in picked) return picked;
  const { label, components, created, keyid } = picked;

  const signature = signatureBytes(signatureField, label);
  if (signature === undefined) {
    return verifyFailure('malformed-signature', `Signature field has no byte sequence for label ${label} (SIG-003). Send Signature: ${label}=:<base64>:.`);
  }
  const componentFailure = checkComponents(picked, options.requiredComponents ?? defaultRequired(request.body));
  if (componentFailure !== undefined) return componentFailure;
  if (created === undefined || keyid === undefined) {
    return verifyFailure('malformed-signature', `Signature-Input ${label} has no ${created === undefined ? 'created' : 'keyid'} parameter (SIG-003). Add ${created === undefined ? 'created=<Unix seconds>' : 'keyid="..."'}.`);
  }
  const timeFailure = checkTime(picked, { now, maxAgeSeconds, maxSkewSeconds });
  if (timeFailure !== undefined) return timeFailure;

  const entry = options.lookupKey(keyid);
  if (entry === undefined) {
    return verifyFailure('unknown-key', `Signature ${label} has keyid="${keyid}", which names no known client key (SIG-005). Onboard the client's certificate, or set keyid to the hex SHA-256 of its SubjectPublicKeyInfo.`);
  }
  const key = createPublicKey(entry.publicKeyPem);
  const resolved = resolveAlgorithm({ label, alg: picked.alg, key, registered: entry.algorithm });
  if ('ok' in resolved) return resolved;

  let base: string;
  try {
    base = httpbis.formatSignatureBase([
      ...httpbis.createSignatureBase({ fields: components }, { method: request.method, url: request.url, headers }),
      ['"@signature-params"', [picked.signatureParams]],
    ]);
  } catch (cause) {
    return verifyFailure('malformed-signature', `Signature ${label} covers a component the request lacks: ${(cause as Error).message} (SIG-003). Cover only fields the request carries.`);
  }
  const { algorithm, source } = resolved;
  let valid = false;
  try {
    valid = verify(algorithm.hash, Buffer.from(base), { key, ...algorithm.options }, signature);
  } catch {
    // A signature of the wrong length or shape is as bad as a wrong one.
  }
  if (!valid) {
    return verifyFailure('bad-signature', `Signature ${label} does not verify with key "${keyid}" and ${algorithm.name} (${source}) over (${components.map((c) => `"${c}"`).join(' ')}) (SIG-005). Sign the RFC 9421 signature base with the client's private key${source === 'implied by the key' && algorithm.keyTypes.includes('rsa') ? ', and name alg="rsa-pss-sha256" if signing with PSS' : ''}.`);
  }
  return { ok: true, keyId: keyid, created, components, algorithm: algorithm.name };
}

function definedHeaders(headers: VerifiableRequest['headers']): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) defined[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return defined;
}

function defaultRequired(body: Uint8Array | undefined): string[] {
  return body !== undefined && body.byteLength > 0 ? ['@method', '@target-uri', 'content-digest'] : ['@method', '@target-uri'];
}

// Reading (SIG-003): Margo's examples label the signature sig1; we also take a single signature of another label.
function pickSignature(inputField: string): SignatureInputDescription | VerifyFailure {
  let signatures: SignatureInputDescription[];
  try {
    signatures = describeSignatureInput(inputField);
  } catch (error) {
    return verifyFailure('malformed-signature', (error as Error).message);
  }
  const picked = signatures.find((s) => s.label === LABEL) ?? (signatures.length === 1 ? signatures[0] : undefined);
  if (picked === undefined) {
    return verifyFailure('malformed-signature', `Signature-Input has ${signatures.length} signatures and none labelled ${LABEL} (SIG-003). Send one signature labelled ${LABEL}.`);
  }
  return picked;
}

function signatureBytes(signatureField: string, label: string): Buffer | undefined {
  try {
    const value = parseDictionary(signatureField).get(label)?.[0];
    return value instanceof ArrayBuffer ? Buffer.from(value) : undefined;
  } catch {
    return undefined;
  }
}

function checkComponents({ label, components }: SignatureInputDescription, required: string[]): VerifyFailure | undefined {
  const covered = `(${components.map((c) => `"${c}"`).join(' ')})`;
  // Ambiguity 6: Margo's example covers "Content-Digest", but RFC 9421 §2.1 requires lower-case
  // names, so we reject it rather than match case-insensitively.
  const upper = components.find((c) => c !== c.toLowerCase());
  if (upper !== undefined) {
    return verifyFailure('malformed-signature', `Signature-Input ${label} covers "${upper}"; RFC 9421 requires lower-case component names (SIG-002). Cover "${upper.toLowerCase()}".`);
  }
  const invalid = components.find((c) => !COMPONENT_NAME.test(c.split(';')[0] ?? ''));
  if (invalid !== undefined) {
    return verifyFailure('malformed-signature', `Signature-Input ${label} covers "${invalid}", which is not a component name (SIG-003). Cover field names or derived components such as "@method".`);
  }
  const duplicate = components.find((c, i) => components.indexOf(c) !== i);
  if (duplicate !== undefined) {
    return verifyFailure('malformed-signature', `Signature-Input ${label} covers "${duplicate}" twice (SIG-003). Cover each component once.`);
  }
  const missing = required.filter((c) => !components.includes(c));
  if (missing.length > 0) {
    return verifyFailure('missing-component', `Signature-Input ${label} covers ${covered} but not ${missing.map((c) => `"${c}"`).join(' ')} (SIG-002). Cover ${required.map((c) => `"${c}"`).join(' ')}.`);
  }
  return undefined;
}

function checkTime(
  { label, created, expires }: SignatureInputDescription,
  { now, maxAgeSeconds, maxSkewSeconds }: { now: number; maxAgeSeconds: number; maxSkewSeconds: number },
): VerifyFailure | undefined {
  if (created !== undefined && now - created > maxAgeSeconds) {
    return verifyFailure('expired', `Signature ${label} was created ${now - created} s ago, outside the ${maxAgeSeconds} s replay window (SIG-006). Sign each request afresh and check the client's clock.`);
  }
  if (created !== undefined && created - now > maxSkewSeconds) {
    return verifyFailure('future', `Signature ${label} was created ${created - now} s in the future, beyond the ${maxSkewSeconds} s clock-skew tolerance (SIG-006). Synchronise the client's clock.`);
  }
  if (expires !== undefined && now > expires) {
    return verifyFailure('expired', `Signature ${label} expired ${now - expires} s ago (SIG-006). Sign each request afresh.`);
  }
  return undefined;
}
