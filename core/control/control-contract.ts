/**
 * The control-adapter contract: how the WFM suite sets up state in a WFM under test. The Margo spec has
 * no northbound API (GH#31), so every WFM vendor exposes these operations through a thin adapter: an HTTP
 * service on loopback speaking the JSON below. The reference WFM implements it natively. An operation
 * the adapter does not offer answers 501; checks that need it are `skip`, never `fail`.
 *
 * All paths are relative to the adapter's base URL (e.g. `http://127.0.0.1:9444/control/v1`).
 */

/** `GET /capabilities` -> which operations this adapter offers. */
export interface AdapterCapabilities {
  operations: ControlOperation[];
}

export type ControlOperation =
  | 'accept-client'
  | 'accept-clients'
  | 'revoke-client'
  | 'load-package'
  | 'load-package-from-registry'
  | 'create-deployment'
  | 'place-deployment'
  | 'update-deployment'
  | 'delete-deployment'
  | 'read-client'
  | 'reset';

/**
 * `POST /clients` -> 201 `{ clientId }`. Puts a client on the WFM's accepted-client policy.
 * rc.3: `spiffeId` of the client's X.509-SVID. preview-1: the PEM certificate the client will onboard
 * with (the WFM then accepts its onboarding request); the `clientId` is assigned at onboarding, so the
 * response carries none until then.
 */
export interface AcceptClientRequest {
  spiffeId?: string;
  certificatePem?: string;
}

/**
 * `POST /clients/bulk` -> 201 `{ clients: [{ clientId? }] }`, one answer per request in order: many
 * `accept-client` at once (fleet runs accept thousands of simulated devices). Optional: an adapter
 * without it answers 501 and the caller falls back to `POST /clients` one by one.
 */
export interface AcceptClientsRequest {
  clients: AcceptClientRequest[];
}

/** `DELETE /clients/{ref}` -> 204: removes the client from the policy (rc.3 ref: SPIFFE ID, URL-encoded). */

/** `POST /packages` -> 201 `{ applicationId }`. Body: the application description YAML text. */
export interface LoadPackageRequest {
  descriptionYaml: string;
}

/**
 * `POST /packages/from-registry` -> 201 `LoadedFromRegistry`: the WFM pulls an application package from an
 * application registry through the OCI Distribution API and loads it as `POST /packages` would (AR-001,
 * AR-005..AR-007). 422 `{ error }` when the WFM refuses what the registry served (a blob or manifest whose
 * bytes do not match its digest, a manifest that is not a Margo application package, a version the tags
 * list does not offer); 502 `{ error }` when it could not pull at all (registry unreachable or answering an
 * error). The suite's registry is anonymous plain HTTP on the loopback interface (`registry` says so); an
 * adapter whose WFM cannot pull from such a registry answers 501 and the checks are `skip`.
 */
export interface LoadPackageFromRegistryRequest {
  /** The registry's base URL, such as `http://127.0.0.1:5000`. */
  registry: string;
  /** The repository name (distribution-spec `<name>`), as the developer communicated it (AR-002). */
  repository: string;
  /** The package version to load, whose tag equals it (AR-005). Absent: the newest version the tags list offers. */
  version?: string;
}

/** The answer to `POST /packages/from-registry`: what the WFM loaded. */
export interface LoadedFromRegistry {
  applicationId: string;
  /** `metadata.version` of the loaded description. */
  version: string;
  /** Digest of the manifest the package was loaded from. */
  manifestDigest: string;
}

/**
 * `POST /deployments` -> 201 `{ deploymentId }`: assigns an application to a device of a client.
 * `client` is the SPIFFE ID (rc.3) or the clientId (preview-1).
 */
export interface CreateDeploymentRequest {
  client: string;
  deviceId: string;
  applicationId: string;
  /** Deployment profile id of the application description. */
  profileId: string;
  /**
   * The values the operator entered, by parameter name (what the WFM's user interface would collect for each
   * setting); parameters left out keep the package's value. The WFM renders them into the deployment's
   * spec.parameters (PKG-022, DS-035/DS-036).
   */
  parameters?: Record<string, unknown>;
}

/**
 * `POST /placements` -> 201 `{ deploymentId, client, deviceId }`: the WFM itself chooses, among the
 * `candidates` (devices that reported capabilities), one that can host the application's profile, and
 * assigns it there, as its own placement would (CAP-010, DS-033, DS-034). 409 when no candidate can host
 * it (the spec defines no way to report an unplaceable deployment). Only for a WFM that matches
 * deployments to devices; others answer 501.
 */
export interface PlaceDeploymentRequest {
  /** Where the WFM may place it, in the suite's order of preference when several fit. */
  candidates: { client: string; deviceId: string }[];
  applicationId: string;
  profileId: string;
  parameters?: Record<string, unknown>;
}

/** The answer to `POST /placements`: the deployment and where the WFM put it. */
export interface Placement {
  deploymentId: string;
  client: string;
  deviceId: string;
}

/** `PUT /deployments/{deploymentId}` -> 200: changes parameter values (a new revision of the deployment). */
export interface UpdateDeploymentRequest {
  parameters: Record<string, unknown>;
}

/** `DELETE /deployments/{deploymentId}` -> 204: removes the deployment from the client's desired state. */

/** `GET /clients/{ref}` -> 200: what the WFM recorded for a client. */
export interface ClientRecord {
  client: string;
  /** Capabilities bodies last accepted, by device id. */
  capabilities: Record<string, unknown>;
  /** Status bodies last accepted, by deployment id. */
  statuses: Record<string, unknown>;
}

/** `POST /reset` -> 204: forget every client, package and deployment (between suite runs). */
