import { MARGO_MEDIA_TYPES } from '../../../core/catalog/editions.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { HttpResponse } from '../../../core/http/index.js';
import { fromPackageRoot } from '../../../core/package-root.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { ControlClient } from '../control-client.js';
import type { DeviceClient, NewClientOptions, WfmContext } from '../context.js';
import { parseJson } from './bytes.js';
import { answered } from './findings.js';
import { SetupError } from './setup-error.js';

export { SetupError };

export interface LoadedApplication {
  applicationId: string;
  profileId: string;
  components: string[];
  description: Record<string, unknown>;
}

export interface Deployment extends LoadedApplication {
  client: DeviceClient;
  deviceId: string;
  deploymentId: string;
}

const loaded = new WeakMap<ControlClient, Promise<LoadedApplication>>();

/** Loads the edition's example package once per control adapter; the first deployment profile is used. */
export function loadExampleApplication(context: WfmContext): Promise<LoadedApplication> {
  let pending = loaded.get(context.control);
  if (!pending) {
    pending = (async () => {
      const yaml = readFileSync(fromPackageRoot(apiFacts(context.edition).packageFixture), 'utf8');
      const { applicationId } = await context.control.loadPackage(yaml);
      const description = parse(yaml) as { deploymentProfiles: { id: string; components: { name: string }[] }[] };
      const profile = description.deploymentProfiles[0];
      if (!profile) throw new Error(`${apiFacts(context.edition).packageFixture} has no deployment profile`);
      return { applicationId, profileId: profile.id, components: profile.components.map((c) => c.name), description: description as unknown as Record<string, unknown> };
    })();
    pending.catch(() => loaded.delete(context.control));
    loaded.set(context.control, pending);
  }
  return pending;
}

/** Reports a device's capabilities with the edition's create method; throws SetupError unless it succeeds. */
export async function reportDevice(context: WfmContext, client: DeviceClient, deviceId: string): Promise<HttpResponse> {
  const create = context.edition.api.capabilities.create;
  const response = await client.call({ method: create.method, endpoint: 'capabilities', params: { deviceId }, json: apiFacts(context.edition).capabilities(deviceId) });
  if (response.status < 200 || response.status > 299) throw new SetupError(`Reporting capabilities for a fresh device failed: ${answered(response)}`, response.exchange);
  return response;
}

/** A fresh client with one reported device and the example application deployed to it. */
export async function deployToFreshClient(context: WfmContext, name: string, options: NewClientOptions = {}): Promise<Deployment> {
  const client = await context.newClient(name, options);
  const deviceId = 'device-1';
  await reportDevice(context, client, deviceId);
  const application = await loadExampleApplication(context);
  const { deploymentId } = await context.control.createDeployment({ client: client.ref, deviceId, applicationId: application.applicationId, profileId: application.profileId });
  return { ...application, client, deviceId, deploymentId };
}

export interface ManifestRef {
  deploymentId: string;
  digest: string;
  url: string;
}

export interface Manifest {
  response: HttpResponse;
  value: { manifestVersion?: unknown; bundle?: { mediaType?: unknown; digest?: unknown; url?: unknown } | null; deployments?: ManifestRef[] };
}

/** `GET` the State Manifest; throws SetupError unless it is a 200 with a JSON object body. */
export async function fetchManifest(client: DeviceClient, headers: Record<string, string> = {}): Promise<Manifest> {
  const response = await client.call({ method: 'GET', endpoint: 'deployments', headers: { accept: MARGO_MEDIA_TYPES.manifest, ...headers } });
  const parsed = parseJson(response.body);
  if (response.status !== 200 || !parsed || typeof parsed.value !== 'object' || parsed.value === null) {
    throw new SetupError(`Fetching the State Manifest failed: ${answered(response)} with ${response.body.length} bytes`, response.exchange);
  }
  return { response, value: parsed.value as Manifest['value'] };
}

/** Whether the manifest lists `deploymentId` (the precondition of every check that reads a deployment entry). */
export function listsDeployment(manifest: Manifest, deploymentId: string): boolean {
  return Array.isArray(manifest.value.deployments) && manifest.value.deployments.some((ref) => ref?.deploymentId === deploymentId);
}

/** Path and query of a manifest `url` (absolute or relative), for the client to fetch. */
export function pathOfUrl(url: string): string {
  const parsed = new URL(url, 'https://wfm.invalid');
  return `${parsed.pathname}${parsed.search}`;
}
