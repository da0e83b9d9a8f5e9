import { X509Certificate } from 'node:crypto';
import { decodePem, encodePem } from '../../../core/identity/pem.js';
import type { DeviceFaultSet } from '../faults.js';

/** Why a discovery document or bundle was refused, and the requirement that makes it a refusal. */
export interface TrustRefusal {
  reason: string;
  requirement: string;
}

/** A discovery document the device will follow (TB-003). */
export interface TrustDiscovery {
  trustDomain: string;
  trustBundleUri: URL;
}

/** A SPIFFE bundle the device will use. */
export interface AcceptedBundle {
  /** The x509-svid authorities as PEM, in bundle order. */
  anchorsPem: string;
  anchors: number;
  /** Absent when the bundle carries no spiffe_sequence. */
  sequence?: number;
  /** Absent unless the bundle's spiffe_refresh_hint is a positive number. */
  refreshHintSeconds?: number;
}

const DISCOVERY_MEMBERS = new Set(['trustDomain', 'trustBundleUri']);
const BUNDLE_MEMBERS = new Set(['keys', 'spiffe_sequence', 'spiffe_refresh_hint']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Judges a discovery document (TB-003): unknown members are ignored (TB-001), the trust domain must be
 * the device's own (TB-004) and the bundle URI https (TB-005).
 */
export function checkDiscoveryDocument(body: string, ownTrustDomain: string, faults: DeviceFaultSet): { discovery: TrustDiscovery } | { refused: TrustRefusal } {
  const value = jsonObject(body);
  const malformed = (what: string) => ({ refused: { reason: `the discovery document ${what}`, requirement: 'TB-003' } });
  if (!value) return malformed('is not a JSON object');
  const { trustDomain, trustBundleUri } = value;
  if (typeof trustDomain !== 'string' || trustDomain === '') return malformed('has no trustDomain string');
  if (typeof trustBundleUri !== 'string' || !URL.canParse(trustBundleUri)) return malformed(`has trustBundleUri ${JSON.stringify(trustBundleUri)}, not an absolute URL`);
  const unknown = refusedUnknownMembers('discovery document', value, DISCOVERY_MEMBERS, faults);
  if (unknown) return { refused: unknown };
  // TB-004: another trust domain means the device was pointed at the wrong discovery URL (a configuration error).
  if (trustDomain !== ownTrustDomain && !faults.has('ignores-discovered-trust-domain')) {
    return { refused: { reason: `the discovery document names trust domain ${trustDomain}; the device's own SVID is of ${ownTrustDomain}`, requirement: 'TB-004' } };
  }
  const uri = new URL(trustBundleUri);
  // TB-005: anchors fetched over anything but https could be swapped on the way; such a URI is never requested.
  const schemes = faults.has('follows-http-bundle-uri') ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(uri.protocol)) return { refused: { reason: `trustBundleUri ${trustBundleUri} is not an https URL`, requirement: 'TB-005' } };
  return { discovery: { trustDomain, trustBundleUri: uri } };
}

/**
 * Judges a SPIFFE bundle (TB-006): only `x509-svid` keys count and others are skipped; as in X509-SVID
 * section 6.2 an x509-svid key without x5c is skipped and values after the first are ignored, but a first
 * value that is no certificate refuses the bundle. No X.509 anchor refuses it (TB-007), and so does a
 * spiffe_sequence below the highest accepted (TB-008); a bundle without spiffe_sequence cannot be ordered
 * and counts as the current one (SPIFFE federation, section 4.2).
 */
export function checkSpiffeBundle(body: string, highestSequence: number | undefined, faults: DeviceFaultSet): { bundle: AcceptedBundle } | { refused: TrustRefusal } {
  const value = jsonObject(body);
  const malformed = (what: string) => ({ refused: { reason: `the SPIFFE bundle ${what}`, requirement: 'TB-006' } });
  if (!value) return malformed('is not a JSON object');
  const { keys, spiffe_sequence: sequence, spiffe_refresh_hint: hint } = value;
  if (!Array.isArray(keys)) return malformed('has no keys array');
  if (sequence !== undefined && !(typeof sequence === 'number' && Number.isSafeInteger(sequence) && sequence >= 0)) return malformed(`has spiffe_sequence ${JSON.stringify(sequence)}, not a whole number`);
  const unknown = refusedUnknownMembers('SPIFFE bundle', value, BUNDLE_MEMBERS, faults);
  if (unknown) return { refused: unknown };

  const anchors: Buffer[] = [];
  for (const [index, key] of keys.entries()) {
    const jwk = isObject(key) ? key : undefined;
    if (!jwk) return malformed(`key #${index + 1} is not a JSON object`);
    if (jwk['use'] !== 'x509-svid') {
      // TB-006: jwt-svid keys (and any other use) are not MIAF's business, never a reason to refuse.
      if (faults.has('rejects-bundle-with-jwt-keys')) return malformed(`key #${index + 1} has use ${JSON.stringify(jwk['use'])}, not x509-svid`);
      continue;
    }
    const x5c = jwk['x5c'];
    if (!Array.isArray(x5c) || x5c.length === 0) continue;
    const der = certificateDer(x5c[0]);
    if (!der) return malformed(`x509-svid key #${index + 1} has an x5c value that is not a base64 DER certificate`);
    anchors.push(der);
  }
  if (anchors.length === 0 && !faults.has('accepts-bundle-without-x509-anchors')) {
    return { refused: { reason: 'the SPIFFE bundle holds no x509-svid key, so no X.509 anchor', requirement: 'TB-007' } };
  }
  const older = highestSequence !== undefined && sequence !== undefined && sequence < highestSequence;
  if (older && !faults.has('accepts-lower-bundle-sequence')) {
    return { refused: { reason: `the SPIFFE bundle has spiffe_sequence ${String(sequence)}, below ${highestSequence} already accepted`, requirement: 'TB-008' } };
  }
  return {
    bundle: {
      anchorsPem: anchors.map((der) => encodePem('CERTIFICATE', der)).join(''),
      anchors: anchors.length,
      ...(typeof sequence === 'number' ? { sequence } : {}),
      ...(typeof hint === 'number' && Number.isFinite(hint) && hint > 0 ? { refreshHintSeconds: hint } : {}),
    },
  };
}

/** TB-009: an accepted bundle's anchors replace the held ones entirely; the fault keeps the old ones too. */
export function nextAnchors(heldPem: string | undefined, accepted: AcceptedBundle, faults: DeviceFaultSet): string {
  if (!faults.has('merges-trust-bundles') || heldPem === undefined) return accepted.anchorsPem;
  const held = decodePem(heldPem);
  const added = decodePem(accepted.anchorsPem).filter((der) => !held.some((old) => old.equals(der)));
  return [...held, ...added].map((der) => encodePem('CERTIFICATE', der)).join('');
}

/**
 * When to fetch again after a bundle was accepted or found unchanged: spiffe_refresh_hint, else the
 * operator's interval. TB-010: HTTP caching (Cache-Control, Expires) never postpones it.
 */
export function refreshDelayMs(refreshHintSeconds: number | undefined, cacheControl: string | undefined, defaults: { intervalMs: number; minimumMs: number }, faults: DeviceFaultSet): number {
  const hinted = Math.max(defaults.minimumMs, refreshHintSeconds === undefined ? defaults.intervalMs : refreshHintSeconds * 1000);
  if (!faults.has('honours-bundle-cache-control')) return hinted;
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl ?? '')?.[1];
  return maxAge === undefined ? hinted : Math.max(hinted, Number(maxAge) * 1000);
}

/** TB-001: members the device does not know are ignored; only the fault refuses them. */
function refusedUnknownMembers(what: string, value: Record<string, unknown>, known: Set<string>, faults: DeviceFaultSet): TrustRefusal | undefined {
  const unknown = Object.keys(value).filter((member) => !known.has(member));
  if (unknown.length === 0 || !faults.has('rejects-unknown-bundle-fields')) return undefined;
  return { reason: `the ${what} has members the device does not know: ${unknown.join(', ')}`, requirement: 'TB-001' };
}

function certificateDer(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !BASE64.test(value)) return undefined;
  const der = Buffer.from(value, 'base64');
  try {
    new X509Certificate(der);
    return der;
  } catch {
    return undefined;
  }
}

function jsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
