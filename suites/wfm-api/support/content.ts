import type { HttpResponse } from '../../../core/http/index.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest, pathOfUrl, SetupError, type Deployment, type Manifest } from './desired-state.js';

/** One content-addressed document as the manifest names it, and the response to its URL. */
export interface FetchedContent {
  kind: 'deployment' | 'bundle';
  /** `deployment <id>` or `bundle`, for messages. */
  label: string;
  deploymentId?: string;
  digest: string;
  url: string;
  response: HttpResponse;
}

export interface ContentSet {
  deployment: Deployment;
  manifest: Manifest;
  contents: FetchedContent[];
}

/** Deploys to a fresh client and fetches every document its manifest names (bundle last). */
export async function fetchContent(context: WfmContext, name: string, headers: Record<string, string> = {}): Promise<ContentSet> {
  const deployment = await deployToFreshClient(context, name);
  const manifest = await fetchManifest(deployment.client);
  const refs = Array.isArray(manifest.value.deployments) ? manifest.value.deployments : [];
  if (refs.length === 0) throw new SetupError(`The manifest lists no deployment after one was created through the control adapter (${manifest.response.exchange.request.url})`, manifest.response.exchange);
  const contents: FetchedContent[] = [];
  for (const ref of refs) {
    if (typeof ref.url !== 'string' || typeof ref.digest !== 'string') continue;
    const response = await deployment.client.call({ method: 'GET', path: pathOfUrl(ref.url), headers });
    contents.push({ kind: 'deployment', label: `deployment ${ref.deploymentId}`, deploymentId: ref.deploymentId, digest: ref.digest, url: ref.url, response });
  }
  const bundle = manifest.value.bundle;
  if (bundle && typeof bundle.url === 'string' && typeof bundle.digest === 'string') {
    const response = await deployment.client.call({ method: 'GET', path: pathOfUrl(bundle.url), headers });
    contents.push({ kind: 'bundle', label: 'bundle', digest: bundle.digest, url: bundle.url, response });
  }
  return { deployment, manifest, contents };
}
