/** Everything the WFM records, as plain JSON (persisted to the state directory). */
export interface WfmStateData {
  /** By client reference: the SPIFFE ID (rc.3) or the assigned clientId (preview-1). */
  clients: Record<string, ClientState>;
  /** preview-1: certificates the operator accepted that have not onboarded yet (PEM). */
  pendingCertificates: string[];
  /** By application id. */
  packages: Record<string, { applicationId: string; descriptionYaml: string }>;
  /** By deployment id. */
  deployments: Record<string, DeploymentState>;
}

export interface ClientState {
  client: string;
  /** On the explicit accepted-client policy (ID-006); false once revoked. */
  accepted: boolean;
  /** preview-1: the onboarded certificate whose key verifies the client's signatures. */
  certificatePem?: string;
  /** Last issued manifestVersion: 1 for a new client, raised on every desired-state change (DS-011). */
  manifestVersion: number;
  capabilities: Record<string, unknown>;
  statuses: Record<string, unknown>;
}

export interface DeploymentState {
  deploymentId: string;
  client: string;
  deviceId: string;
  applicationId: string;
  profileId: string;
  /** Parameter values chosen for this deployment, by parameter name. */
  parameters: Record<string, unknown>;
}

export function emptyStateData(): WfmStateData {
  return { clients: {}, pendingCertificates: [], packages: {}, deployments: {} };
}
