import { X509Certificate } from 'node:crypto';
import {
  acceptClient,
  createDeployment,
  deleteDeployment,
  loadPackage,
  updateDeployment,
  type ControlResult,
} from '../../reference/wfm/control/control-handlers.js';
import type { ApiContext } from '../../reference/wfm/http/api-types.js';

/** What the suite does as the WFM's operator, in process through the reference control handlers. */
export interface MockOperator {
  /** Puts a client on the accepted-client policy: its SPIFFE ID (rc.3) or its certificate (preview-1). */
  acceptClient(credential: { spiffeId: string } | { certificatePem: string }): void;
  /** The client reference the engine files a device under, once it exists (rc.3 SPIFFE ID, preview-1 clientId). */
  clientRef(credential: { spiffeId: string } | { certificatePem: string }): string | undefined;
  loadPackage(descriptionYaml: string): string;
  createDeployment(request: { client: string; deviceId: string; applicationId: string; profileId: string; parameters?: Record<string, unknown> }): string;
  updateDeployment(deploymentId: string, parameters: Record<string, unknown>): void;
  deleteDeployment(deploymentId: string): void;
  /** The client's current manifestVersion. */
  manifestVersion(client: string): number;
  /** Raises the client's manifestVersion above `version` if it is not already (attached mode: the device kept a higher one). */
  raiseManifestVersionAbove(client: string, version: number): void;
  /** The content-addressed documents of the client's current desired state: digest and exact bytes. */
  documents(client: string): Promise<{ digest: string; bytes: Buffer }[]>;
}

export function createMockOperator(context: ApiContext): MockOperator {
  const expectOk = (what: string, result: ControlResult): Record<string, unknown> => {
    if (result.status >= 300) throw new Error(`mock WFM: ${what} failed with ${result.status}: ${JSON.stringify(result.body)}`);
    return (result.body ?? {}) as Record<string, unknown>;
  };
  return {
    acceptClient(credential) {
      expectOk('accepting the client', acceptClient(credential, context));
    },
    clientRef(credential) {
      if ('spiffeId' in credential) return context.state.client(credential.spiffeId) ? credential.spiffeId : undefined;
      const fingerprint = new X509Certificate(credential.certificatePem).fingerprint256;
      return Object.values(context.state.data.clients).find((c) => c.certificatePem && new X509Certificate(c.certificatePem).fingerprint256 === fingerprint)?.client;
    },
    loadPackage: (descriptionYaml) => String(expectOk('loading a package', loadPackage({ descriptionYaml }, context))['applicationId']),
    createDeployment: (request) => String(expectOk('creating a deployment', createDeployment({ parameters: {}, ...request }, context))['deploymentId']),
    updateDeployment(deploymentId, parameters) {
      expectOk('updating a deployment', updateDeployment(deploymentId, { parameters }, context));
    },
    deleteDeployment(deploymentId) {
      expectOk('deleting a deployment', deleteDeployment(deploymentId, context));
    },
    manifestVersion: (client) => context.state.client(client)?.manifestVersion ?? 0,
    raiseManifestVersionAbove(client, version) {
      const record = context.state.client(client);
      if (record && record.manifestVersion <= version) record.manifestVersion = version + 1;
    },
    documents: async (client) => (await context.desired.current(client)).entries.map((entry) => ({ digest: entry.digest, bytes: entry.bytes })),
  };
}
