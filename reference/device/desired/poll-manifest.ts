import type { DeviceContext } from '../device-context.js';
import { fillPath } from '../transport/fill-path.js';
import { applyManifest } from './apply-manifest.js';
import { validateManifest } from './validate-manifest.js';

/**
 * DS-001/DS-002: GET the State Manifest with the stored ETag in If-None-Match (DS-027) and the Margo
 * manifest type in Accept. 304: nothing changed. 200: validate, then apply. Other answers throw for the
 * request gate (ERR-007).
 */
export async function pollManifest(context: DeviceContext): Promise<void> {
  const { store, faults, log } = context;
  const etag = store.data.etag;
  const headers: Record<string, string> = {
    ...(faults.has('omits-accept-header') ? {} : { accept: context.facts.manifestMediaType }),
    ...(etag ? { 'if-none-match': etag } : {}),
  };
  const path = fillPath(context.edition.api.paths.deployments, { clientId: store.data.clientId });
  const response = await context.client.expect({ method: 'GET', path, headers }, [200, 304]);
  context.gate.succeeded();
  const received = response.headers['etag'];
  log.emit({ event: 'poll', status: response.status, ...(etag ? { ifNoneMatch: etag } : {}), ...(received ? { etag: received } : {}) });
  if (response.status === 304) return;
  let value: unknown;
  try {
    value = JSON.parse(response.body.toString('utf8'));
  } catch {
    log.emit({ event: 'manifest-rejected', reason: 'the manifest body is not JSON', requirement: 'API-008' });
    return;
  }
  const checked = validateManifest(value, faults);
  if ('problem' in checked) {
    log.emit({ event: 'manifest-rejected', reason: checked.problem, requirement: checked.requirement });
    return;
  }
  await applyManifest(context, checked.manifest, received);
}
