import { gunzipSync } from 'node:zlib';
import type { DeviceFaultSet } from '../faults.js';
import type { WfmClient } from '../transport/wfm-client.js';
import type { DeploymentReference } from './validate-manifest.js';
import { digestProblem } from './verify-digest.js';

export type FetchOutcome =
  | { documents: Map<string, Buffer> }
  /** DS-021: a 404 on a digest URL; the reference is reported so the caller keeps its state. */
  | { notFound: DeploymentReference }
  /** DS-024: a document did not match its digest. */
  | { mismatch: string };

export interface FetchDeploymentsOptions {
  client: WfmClient;
  faults: DeviceFaultSet;
  maxBodyBytes: number;
}

/**
 * GETs each referenced ApplicationDeployment YAML and verifies it against its digest before anything
 * parses it (DS-024). The device reads the individual YAMLs, not the bundle. Other failures throw
 * (WfmStatusError, connection errors), which the request gate turns into a retry (ERR-007).
 */
export async function fetchDeployments(references: readonly DeploymentReference[], options: FetchDeploymentsOptions): Promise<FetchOutcome> {
  const documents = new Map<string, Buffer>();
  for (const reference of references) {
    const response = await options.client.expect({ method: 'GET', path: reference.url, headers: { accept: 'application/yaml' } }, [200, 404]);
    if (response.status === 404) return { notFound: reference };
    const bytes = decoded(response.body, response.headers['content-encoding'], options.maxBodyBytes);
    const problem = options.faults.has('skips-yaml-digest-check') ? undefined : digestProblem(bytes, reference, options.faults);
    if (problem) return { mismatch: problem };
    documents.set(reference.deploymentId, bytes);
  }
  return { documents };
}

// DS-015/DS-023: digests cover the decoded bytes; decoding is bounded like the body itself.
function decoded(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return body;
  if (name === 'gzip' || name === 'x-gzip') return gunzipSync(body, { maxOutputLength: maxBytes });
  throw new Error(`the WFM sent Content-Encoding "${encoding}", which the device did not ask for`);
}
