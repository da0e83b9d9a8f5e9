import { createHash } from 'node:crypto';
import type { DeviceFaultSet } from '../faults.js';
import type { DocumentReference } from './validate-manifest.js';

/**
 * DS-024: the exact bytes received (after content decoding, DS-023) must hash to the digest the manifest
 * gave, before anything reads them. DS-019: `sizeBytes` is advisory and plays no part here.
 * Returns a problem, or undefined when the document may be used.
 */
export function digestProblem(bytes: Buffer, reference: DocumentReference, faults: DeviceFaultSet): string | undefined {
  if (faults.has('uses-size-bytes-for-integrity') && reference.sizeBytes !== undefined && reference.sizeBytes !== bytes.length) {
    return `${reference.url} is ${bytes.length} bytes; the manifest says sizeBytes ${reference.sizeBytes}`;
  }
  const [algorithm = '', expected = ''] = reference.digest.split(':');
  // The sha512 branch is reachable only through the accepts-sha512-digest fault (validateManifest).
  const actual = createHash(algorithm === 'sha512' ? 'sha512' : 'sha256').update(bytes).digest('hex');
  return actual === expected ? undefined : `${reference.url} hashes to ${algorithm}:${actual}; the manifest says ${reference.digest}`;
}
