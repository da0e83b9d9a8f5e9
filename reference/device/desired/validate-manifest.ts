import type { DeviceFaultSet } from '../faults.js';

/** A content-addressed document the manifest references. */
export interface DocumentReference {
  digest: string;
  url: string;
  sizeBytes?: number;
}

export interface DeploymentReference extends DocumentReference {
  deploymentId: string;
}

export interface StateManifest {
  manifestVersion: number;
  bundle: (DocumentReference & { mediaType: string }) | null;
  deployments: DeploymentReference[];
}

export type ManifestCheck = { manifest: StateManifest } | { problem: string; requirement: string };

// DS-016, DS-025: sha256 and 64 lower-case hex; anything else makes the whole manifest invalid.
const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
const SHA512_DIGEST = /^sha512:[0-9a-f]{128}$/;
const U64_MAX = 2 ** 64 - 1;

/**
 * Shape and digest grammar of a State Manifest body. Unknown members are ignored (DS-038 spirit); known
 * ones must have their type. The first problem found is returned with the requirement it rests on.
 */
export function validateManifest(value: unknown, faults: DeviceFaultSet): ManifestCheck {
  const digestOk = (digest: unknown): digest is string =>
    typeof digest === 'string' && (SHA256_DIGEST.test(digest) || (faults.has('accepts-sha512-digest') && SHA512_DIGEST.test(digest)));
  if (!isRecord(value)) return { problem: 'the manifest is not a JSON object', requirement: 'API-008' };
  const version = value['manifestVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > U64_MAX) {
    return { problem: `manifestVersion ${JSON.stringify(version)} is not an integer in [1, 2^64-1]`, requirement: 'DS-011' };
  }
  const bundle = value['bundle'];
  if (bundle !== null && !isRecord(bundle)) return { problem: 'bundle is neither null nor an object', requirement: 'DS-012' };
  if (bundle !== null && !digestOk(bundle['digest'])) return { problem: `bundle.digest ${JSON.stringify(bundle['digest'])} is not sha256:<64 hex>`, requirement: 'DS-025' };
  const deployments = value['deployments'];
  if (!Array.isArray(deployments)) return { problem: 'deployments is not an array', requirement: 'API-008' };
  const seen = new Set<string>();
  const references: DeploymentReference[] = [];
  for (const [index, entry] of deployments.entries()) {
    if (!isRecord(entry) || typeof entry['deploymentId'] !== 'string' || typeof entry['url'] !== 'string') {
      return { problem: `deployments[${index}] lacks a deploymentId or url string`, requirement: 'API-008' };
    }
    if (!digestOk(entry['digest'])) return { problem: `deployments[${index}].digest ${JSON.stringify(entry['digest'])} is not sha256:<64 hex>`, requirement: 'DS-025' };
    if (seen.has(entry['deploymentId'])) return { problem: `deployment ${entry['deploymentId']} is listed twice`, requirement: 'API-008' };
    seen.add(entry['deploymentId']);
    references.push({ deploymentId: entry['deploymentId'], digest: entry['digest'], url: entry['url'], ...sizeOf(entry) });
  }
  const bundleReference = isRecord(bundle) && typeof bundle['url'] === 'string' ? { digest: String(bundle['digest']), url: bundle['url'], mediaType: String(bundle['mediaType'] ?? ''), ...sizeOf(bundle) } : null;
  return { manifest: { manifestVersion: version, bundle: bundleReference, deployments: references } };
}

function sizeOf(entry: Record<string, unknown>): { sizeBytes?: number } {
  return typeof entry['sizeBytes'] === 'number' ? { sizeBytes: entry['sizeBytes'] } : {};
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
