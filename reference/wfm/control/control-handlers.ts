import { randomUUID, X509Certificate } from 'node:crypto';
import type { Edition } from '../../../core/catalog/editions.js';
import type { EditionId } from '../../../core/catalog/types.js';
import type { AdapterCapabilities, ClientRecord, ControlOperation, Placement } from '../../../core/control/control-contract.js';
import { isObject, readApplicationDescription } from '../desired/application-description.js';
import type { DesiredStates } from '../desired/desired-states.js';
import { choosePlacement } from '../desired/place-deployment.js';
import type { ApiContext } from '../http/api-types.js';
import type { WfmState } from '../state/wfm-state.js';
import { certificateFingerprint } from '../state/certificate-fingerprint.js';

/** A control-adapter answer: status and JSON body (`{error}` on failure). */
export interface ControlResult {
  status: number;
  body?: unknown;
}

const fail = (status: number, error: string): ControlResult => ({ status, body: { error } });
const DEVICE_ID = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*(\/\*)?$/;

const OPERATIONS: ControlOperation[] = ['accept-client', 'accept-clients', 'revoke-client', 'load-package', 'load-package-from-registry', 'create-deployment', 'update-deployment', 'delete-deployment', 'read-client', 'reset'];
// place-deployment matches deviceConstraints, which only rc.3 descriptions carry.
const EDITION_OPERATIONS: Record<EditionId, ControlOperation[]> = { '1.0.0-rc.3': [...OPERATIONS, 'place-deployment'], 'preview-1': OPERATIONS };

/** `GET /capabilities` for the running edition. */
export function controlCapabilities(edition: Edition): AdapterCapabilities {
  return { operations: EDITION_OPERATIONS[edition.id] };
}

/**
 * `POST /clients`: rc.3 puts a SPIFFE ID on the accepted-client policy as given (shape checks belong
 * to the API, so a suite can list a wrong-shaped ID and see it refused); preview-1 accepts a
 * certificate for its coming onboarding, or re-accepts an onboarded one.
 */
export function acceptClient(body: unknown, { edition, state }: ApiContext): ControlResult {
  if (!isObject(body)) return fail(400, 'Body must be {"spiffeId"} or {"certificatePem"}.');
  if (edition.api.auth === 'mtls') {
    if (typeof body['spiffeId'] !== 'string' || body['spiffeId'] === '') return fail(400, `spiffeId is required in ${edition.id}.`);
    state.acceptClient(body['spiffeId']);
    return { status: 201, body: { clientId: body['spiffeId'] } };
  }
  const pem = body['certificatePem'];
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(typeof pem === 'string' ? pem : '');
  } catch {
    return fail(400, `certificatePem must be a PEM X.509 certificate in ${edition.id}.`);
  }
  const onboarded = Object.values(state.data.clients).find((c) => c.certificatePem && certificateFingerprint(c.certificatePem) === certificate.fingerprint256);
  if (onboarded) {
    state.acceptClient(onboarded.client);
    return { status: 201, body: { clientId: onboarded.client } };
  }
  state.update((data) => data.pendingCertificates.push(certificate.toString()));
  return { status: 201, body: {} };
}

/** `POST /clients/bulk`: `acceptClient` for each entry, in order; the first refusal answers for the whole batch. */
export function acceptClients(body: unknown, context: ApiContext): ControlResult {
  const clients = isObject(body) ? body['clients'] : undefined;
  if (!Array.isArray(clients)) return fail(400, 'Body must be {"clients": [{"spiffeId"} or {"certificatePem"}, ...]}.');
  const answers: unknown[] = [];
  for (const [index, entry] of clients.entries()) {
    const result = acceptClient(entry, context);
    if (result.status !== 201) return fail(result.status, `clients[${index}]: ${String((result.body as { error?: unknown } | undefined)?.error ?? 'refused')}`);
    answers.push(result.body);
  }
  return { status: 201, body: { clients: answers } };
}

export function revokeClient(ref: string, { state }: ApiContext): ControlResult {
  const client = state.client(ref);
  if (!client) return fail(404, `No client "${ref}" is recorded.`);
  state.update(() => (client.accepted = false));
  return { status: 204 };
}

export function readClient(ref: string, { state }: ApiContext): ControlResult {
  const client = state.client(ref);
  if (!client) return fail(404, `No client "${ref}" is recorded.`);
  const record: ClientRecord = { client: client.client, capabilities: client.capabilities, statuses: client.statuses };
  return { status: 200, body: record };
}

export function loadPackage(body: unknown, { edition, state }: ApiContext): ControlResult {
  if (!isObject(body) || typeof body['descriptionYaml'] !== 'string') return fail(400, 'Body must be {"descriptionYaml": "<margo.yaml text>"}.');
  const yaml = body['descriptionYaml'];
  const description = readApplicationDescription(yaml, edition.id);
  if ('error' in description) return fail(400, description.error);
  state.update((data) => (data.packages[description.applicationId] = { applicationId: description.applicationId, descriptionYaml: yaml }));
  return { status: 201, body: { applicationId: description.applicationId } };
}

export function createDeployment(body: unknown, { state, desired }: ApiContext): ControlResult {
  if (!isObject(body)) return fail(400, 'Body must be {"client", "deviceId", "applicationId", "profileId", "parameters"?}.');
  const { client, deviceId } = body;
  if (typeof client !== 'string' || !state.client(client)) return fail(404, `No client "${String(client)}" is recorded; accept it first.`);
  if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) return fail(400, `deviceId "${String(deviceId)}" is not a DeviceId.`);
  const choice = applicationChoice(body, desired);
  if ('status' in choice) return choice;
  return { status: 201, body: { deploymentId: assign(state, client, deviceId, choice) } };
}

/**
 * `POST /placements` (rc.3): the WFM's own placement among the candidates, in their order (choosePlacement:
 * CAP-010, DS-033, DS-034), then the same assignment as `POST /deployments`. 409 when no candidate fits.
 */
export function placeDeployment(body: unknown, { edition, state, desired, faults }: ApiContext): ControlResult {
  if (!controlCapabilities(edition).operations.includes('place-deployment')) return fail(501, `place-deployment matches deviceConstraints, which ${edition.id} descriptions do not have.`);
  if (!isObject(body)) return fail(400, 'Body must be {"candidates": [{"client", "deviceId"}], "applicationId", "profileId", "parameters"?}.');
  const candidates = body['candidates'];
  if (!Array.isArray(candidates) || candidates.length === 0 || !candidates.every((c) => isObject(c) && typeof c['client'] === 'string' && typeof c['deviceId'] === 'string' && DEVICE_ID.test(c['deviceId']))) {
    return fail(400, 'candidates must be a non-empty list of {"client", "deviceId"}, each deviceId a DeviceId.');
  }
  const choice = applicationChoice(body, desired);
  if ('status' in choice) return choice;
  const decision = choosePlacement(
    (candidates as { client: string; deviceId: string }[]).map(({ client, deviceId }) => {
      const reported = state.client(client)?.capabilities;
      return { client, deviceId, capabilities: reported && Object.hasOwn(reported, deviceId) ? reported[deviceId] : undefined };
    }),
    choice.profile,
    faults,
  );
  if ('reasons' in decision) return fail(409, `No candidate can host profile "${choice.profileId}" of ${choice.applicationId}: ${decision.reasons.join('; ')}.`);
  const { client, deviceId } = decision.chosen;
  const placement: Placement = { deploymentId: assign(state, client, deviceId, choice), client, deviceId };
  return { status: 201, body: placement };
}

export function updateDeployment(deploymentId: string, body: unknown, { state, desired, faults }: ApiContext): ControlResult {
  const deployment = state.data.deployments[deploymentId];
  if (!deployment) return fail(404, `No deployment "${deploymentId}".`);
  const parameters = isObject(body) ? body['parameters'] : undefined;
  const problem = parameterProblem(parameters, desired.description(deployment.applicationId)?.parameters ?? {});
  if (problem) return fail(400, problem);
  state.update(() => (deployment.parameters = { ...deployment.parameters, ...(parameters as Record<string, unknown>) }));
  if (!faults.has('manifest-version-not-increasing')) state.bumpManifestVersion(deployment.client);
  return { status: 200, body: { deploymentId } };
}

export function deleteDeployment(deploymentId: string, { state }: ApiContext): ControlResult {
  const deployment = state.data.deployments[deploymentId];
  if (!deployment) return fail(404, `No deployment "${deploymentId}".`);
  state.update((data) => delete data.deployments[deploymentId]);
  state.bumpManifestVersion(deployment.client);
  return { status: 204 };
}

export function reset({ state, desired }: ApiContext): ControlResult {
  state.reset();
  desired.clear();
  return { status: 204 };
}

/** What a deployment request names: a loaded application, one of its profiles, and parameter values it defines. */
interface ApplicationChoice {
  applicationId: string;
  profileId: string;
  profile: Record<string, unknown>;
  parameters: Record<string, unknown>;
}

function applicationChoice(body: Record<string, unknown>, desired: DesiredStates): ApplicationChoice | ControlResult {
  const { applicationId, profileId } = body;
  const parameters = body['parameters'] ?? {};
  const description = typeof applicationId === 'string' ? desired.description(applicationId) : undefined;
  if (!description) return fail(404, `No package with application id "${String(applicationId)}" is loaded.`);
  const profile = description.deploymentProfiles.find((p) => p['id'] === profileId);
  if (!profile) return fail(404, `Application ${String(applicationId)} has no deployment profile "${String(profileId)}".`);
  const unknown = parameterProblem(parameters, description.parameters);
  if (unknown) return fail(400, unknown);
  return { applicationId: description.applicationId, profileId: String(profileId), profile, parameters: parameters as Record<string, unknown> };
}

/** Records the deployment for the client's device; its desired state changed (DS-011). */
function assign(state: WfmState, client: string, deviceId: string, choice: ApplicationChoice): string {
  const deploymentId = randomUUID();
  const { applicationId, profileId, parameters } = choice;
  state.update((data) => {
    data.deployments[deploymentId] = { deploymentId, client, deviceId, applicationId, profileId, parameters };
  });
  state.bumpManifestVersion(client);
  return deploymentId;
}

function parameterProblem(parameters: unknown, known: Record<string, unknown>): string | undefined {
  if (!isObject(parameters)) return 'parameters must be an object of parameter names to values.';
  const unknown = Object.keys(parameters).filter((name) => !(name in known));
  return unknown.length > 0 ? `The application defines no parameter ${unknown.map((n) => `"${n}"`).join(', ')}.` : undefined;
}
