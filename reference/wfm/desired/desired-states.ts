import type { Edition } from '../../../core/catalog/editions.js';
import type { FaultSet } from '../faults.js';
import type { WfmState } from '../state/wfm-state.js';
import { readApplicationDescription, type ApplicationDescription } from './application-description.js';
import { buildDesiredState, type ContentEntry, type DesiredState } from './build-desired-state.js';
import type { DeploymentShape } from './render-deployment.js';

/**
 * Builds each client's desired state on demand (memoised on the records it derives from) and keeps
 * every document it ever served, so a client that read an older manifest can still fetch its
 * immutable documents while the process runs.
 */
export interface DesiredStates {
  current(client: string): Promise<DesiredState>;
  /** The document with this digest in the client's scope, or in any client's when `client` is undefined. */
  find(client: string | undefined, digest: string): Promise<ContentEntry | undefined>;
  /** The loaded description of an application, parsed once per text. */
  description(applicationId: string): ApplicationDescription | undefined;
  clear(): void;
}

export function createDesiredStates(options: { edition: Edition; state: WfmState; faults: FaultSet; deploymentShape?: DeploymentShape }): DesiredStates {
  const { edition, state, faults } = options;
  const memo = new Map<string, { version: number; deployments: string; yamls: (string | undefined)[]; desired: DesiredState }>();
  const served = new Map<string, Map<string, ContentEntry>>();
  const descriptions = new Map<string, { yaml: string; description: ApplicationDescription }>();

  const description = (applicationId: string) => {
    const stored = state.data.packages[applicationId];
    if (!stored) return undefined;
    const cached = descriptions.get(applicationId);
    if (cached?.yaml === stored.descriptionYaml) return cached.description;
    const read = readApplicationDescription(stored.descriptionYaml, edition.id);
    if ('error' in read) return undefined;
    descriptions.set(applicationId, { yaml: stored.descriptionYaml, description: read });
    return read;
  };

  const current = async (ref: string): Promise<DesiredState> => {
    const client = state.client(ref);
    if (!client) throw new Error(`No client ${ref} is recorded.`);
    const deployments = state.deploymentsOf(ref);
    // The memo holds while the version, the deployment records and the descriptions they name are unchanged;
    // the descriptions are compared as strings, not serialised on every poll.
    const version = client.manifestVersion;
    const records = JSON.stringify(deployments);
    const yamls = deployments.map((d) => state.data.packages[d.applicationId]?.descriptionYaml);
    const memoised = memo.get(ref);
    if (memoised && memoised.version === version && memoised.deployments === records && memoised.yamls.length === yamls.length && memoised.yamls.every((yaml, i) => yaml === yamls[i])) return memoised.desired;
    const desired = await buildDesiredState({ edition, client, deployments, description, faults, ...(options.deploymentShape ? { deploymentShape: options.deploymentShape } : {}) });
    memo.set(ref, { version, deployments: records, yamls, desired });
    const store = served.get(ref) ?? new Map<string, ContentEntry>();
    for (const entry of desired.entries) store.set(entry.digest, entry);
    served.set(ref, store);
    return desired;
  };

  return {
    current,
    description,
    async find(ref, digest) {
      const scope = ref === undefined ? Object.keys(state.data.clients) : [ref];
      for (const client of scope) {
        if (!state.client(client)) continue;
        await current(client);
        const entry = served.get(client)?.get(digest);
        if (entry) return entry;
      }
      return undefined;
    },
    clear() {
      memo.clear();
      served.clear();
      descriptions.clear();
    },
  };
}
