import type { FaultSet } from '../faults.js';
import { readStateFile, writeStateFile } from './state-file.js';
import { emptyStateData, type ClientState, type DeploymentState, type WfmStateData } from './wfm-state-data.js';

/** The WFM's records plus persistence: every change goes through `update`, which saves when a state directory is set. */
export interface WfmState {
  readonly data: WfmStateData;
  update<T>(change: (data: WfmStateData) => T): T;
  client(ref: string): ClientState | undefined;
  deploymentsOf(client: string): DeploymentState[];
  /** Creates a client record (manifestVersion 1) or puts an existing one back on the policy. */
  acceptClient(ref: string, certificatePem?: string): ClientState;
  /** Raises the client's manifestVersion: its desired state changed (DS-011). */
  bumpManifestVersion(ref: string): void;
  reset(): void;
}

export function createWfmState(options: { stateDir?: string; faults: FaultSet }): WfmState {
  let data = (options.stateDir && readStateFile(options.stateDir)) || emptyStateData();
  if (options.faults.has('manifest-version-reset-on-restart')) {
    for (const client of Object.values(data.clients)) client.manifestVersion = 1;
  }
  const save = () => {
    if (options.stateDir) writeStateFile(options.stateDir, data);
  };
  // Deployments by client, rebuilt after any change: every manifest GET asks, and a scan of all deployments
  // per request was most of a fleet's cost. Every write to the records goes through `update` or `reset`.
  let byClient: Map<string, DeploymentState[]> | undefined;
  const deploymentsByClient = () => {
    if (byClient) return byClient;
    byClient = new Map();
    for (const deployment of Object.values(data.deployments)) {
      const list = byClient.get(deployment.client);
      if (list) list.push(deployment);
      else byClient.set(deployment.client, [deployment]);
    }
    for (const list of byClient.values()) list.sort((a, b) => (a.deploymentId < b.deploymentId ? -1 : 1));
    return byClient;
  };
  const state: WfmState = {
    get data() {
      return data;
    },
    update(change) {
      let result: ReturnType<typeof change>;
      try {
        result = change(data);
      } finally {
        byClient = undefined;
      }
      save();
      return result;
    },
    client: (ref) => data.clients[ref],
    deploymentsOf: (client) => [...(deploymentsByClient().get(client) ?? [])],
    acceptClient(ref, certificatePem) {
      return state.update((d) => {
        const existing = d.clients[ref];
        if (existing) {
          existing.accepted = true;
          return existing;
        }
        const created: ClientState = { client: ref, accepted: true, manifestVersion: 1, capabilities: {}, statuses: {}, ...(certificatePem ? { certificatePem } : {}) };
        d.clients[ref] = created;
        return created;
      });
    },
    bumpManifestVersion(ref) {
      state.update((d) => {
        const client = d.clients[ref];
        if (client) client.manifestVersion += 1;
      });
    },
    reset() {
      byClient = undefined;
      data = emptyStateData();
      save();
    },
  };
  return state;
}
