import type { DeviceContext } from '../device-context.js';
import { fetchDeployments } from './fetch-deployments.js';
import { installDeployment } from './install-deployment.js';
import { parseDeployment, type ParsedDeployment } from './parse-deployment.js';
import { removeDeployment } from './remove-deployment.js';
import type { StateManifest } from './validate-manifest.js';

/**
 * Applies a valid State Manifest, or none of it:
 * - DS-026: only a manifestVersion above the stored one; a rollback is refused and logged as a security event.
 * - DS-024: every changed deployment YAML is fetched and verified before anything is used; one mismatch
 *   abandons the whole manifest and keeps the previous state.
 * - DS-021: a 404 on a digest URL removes nothing; the manifest waits for the next poll.
 * - DS-028: unlisted deployments are removed, listed ones added or updated (in manifest order).
 * - DS-027: version and ETag are persisted only once all of that is done.
 * Failed installs still count as applied: their failure is the reported state.
 */
export async function applyManifest(context: DeviceContext, manifest: StateManifest, etag: string | undefined): Promise<void> {
  const { store, faults, log } = context;
  const stored = store.data.manifestVersion;
  const version = manifest.manifestVersion;
  const newer = stored === undefined || version > stored || (faults.has('accepts-equal-manifest-version') && version === stored);
  if (!newer) {
    log.emit({ event: 'manifest-rejected', reason: `manifestVersion ${version} is not above the accepted ${stored}; possible rollback attack`, requirement: 'DS-026', security: true });
    return;
  }
  const changed = manifest.deployments.filter((reference) => store.data.deployments[reference.deploymentId]?.digest !== reference.digest);
  const fetched = await fetchDeployments(changed, { client: context.client, faults, maxBodyBytes: context.maxBodyBytes });
  if ('notFound' in fetched) {
    const held = store.data.deployments[fetched.notFound.deploymentId];
    if (faults.has('treats-404-as-removal') && held) await removeDeployment(context, held, version);
    log.emit({ event: 'manifest-rejected', reason: `${fetched.notFound.url} answered 404; keeping the current state until the next poll`, requirement: 'DS-021' });
    return;
  }
  if ('mismatch' in fetched) {
    log.emit({ event: 'manifest-rejected', reason: `${fetched.mismatch}; keeping the previous state`, requirement: 'DS-024', security: true });
    return;
  }
  const parsed: ParsedDeployment[] = [];
  for (const reference of changed) {
    const result = parseDeployment(fetched.documents.get(reference.deploymentId) ?? Buffer.alloc(0), reference.deploymentId, context.facts);
    if ('problem' in result) {
      log.emit({ event: 'manifest-rejected', reason: `${result.problem}; keeping the previous state`, requirement: 'DS-024' });
      return;
    }
    parsed.push(result);
  }

  const listed = new Set(manifest.deployments.map((reference) => reference.deploymentId));
  if (!faults.has('keeps-unlisted-deployments')) {
    for (const record of Object.values(store.data.deployments)) {
      if (!listed.has(record.deploymentId) && !context.signal.aborted) await removeDeployment(context, record, version);
    }
  }
  for (const [index, deployment] of parsed.entries()) {
    if (context.signal.aborted) break;
    if (faults.has('one-deployment-per-application') && heldUnderAnotherId(context, deployment)) continue;
    await installDeployment(context, { deployment, digest: changed[index]?.digest ?? '', manifestVersion: version });
  }
  // A stop in the middle leaves the manifest unapplied: the restart polls for it again (DS-027, DS-041).
  if (context.signal.aborted) return;
  store.data.manifestVersion = version;
  store.data.etag = etag;
  await store.save();
  log.emit({ event: 'manifest-applied', manifestVersion: version, etag: etag ?? '' });
}

/** one-deployment-per-application: workloads are named after the application, so a second deployment of it looks installed already. */
function heldUnderAnotherId(context: DeviceContext, deployment: ParsedDeployment): boolean {
  return Object.values(context.store.data.deployments).some((held) => held.applicationId !== undefined && held.applicationId === deployment.applicationId && held.deploymentId !== deployment.deploymentId);
}
