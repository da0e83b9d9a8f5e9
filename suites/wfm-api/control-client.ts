import type { HttpClient, HttpResponse } from '../../core/http/index.js';
import type {
  AcceptClientRequest,
  ClientRecord,
  ControlOperation,
  CreateDeploymentRequest,
  LoadedFromRegistry,
  LoadPackageFromRegistryRequest,
  PlaceDeploymentRequest,
  Placement,
  UpdateDeploymentRequest,
} from '../../core/control/control-contract.js';

/** The adapter lacks an operation (501, or not listed in `GET /capabilities`): dependent checks are `skip`. */
export class ControlUnsupportedError extends Error {
  readonly operation: ControlOperation;
  constructor(operation: ControlOperation, why: string) {
    super(`the control adapter does not offer "${operation}" (${why})`);
    this.name = 'ControlUnsupportedError';
    this.operation = operation;
  }
}

/** The adapter answered something the contract does not allow: a harness-side `error`, never a product `fail`. */
export class ControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlError';
  }
}

/** What `POST /packages/from-registry` answered: loaded (201), refused (422) or not pulled (502), with the exchange as evidence. */
export type RegistryLoad = { response: HttpResponse } & ({ outcome: 'loaded'; loaded: LoadedFromRegistry } | { outcome: 'refused' | 'not-pulled'; error: string });

/** The suite's side of the control-adapter contract (`core/control/control-contract.ts`). */
export interface ControlClient {
  readonly url: string | undefined;
  operations(): Promise<ReadonlySet<ControlOperation>>;
  acceptClient(request: AcceptClientRequest): Promise<{ clientId?: string }>;
  revokeClient(ref: string): Promise<void>;
  loadPackage(descriptionYaml: string): Promise<{ applicationId: string }>;
  loadPackageFromRegistry(request: LoadPackageFromRegistryRequest): Promise<RegistryLoad>;
  createDeployment(request: CreateDeploymentRequest): Promise<{ deploymentId: string }>;
  /** The WFM's own placement among candidates; undefined when it answered 409 (no candidate fits). */
  placeDeployment(request: PlaceDeploymentRequest): Promise<Placement | undefined>;
  updateDeployment(deploymentId: string, request: UpdateDeploymentRequest): Promise<void>;
  deleteDeployment(deploymentId: string): Promise<void>;
  readClient(ref: string): Promise<ClientRecord>;
}

/**
 * A control client over HTTP on loopback. Without a URL every operation is unsupported, so a run against
 * a bare target still decides everything that needs no set-up.
 */
export function createControlClient(options: { url: string | undefined; http: HttpClient }): ControlClient {
  const base = options.url?.replace(/\/+$/, '');
  let listed: Promise<ReadonlySet<ControlOperation>> | undefined;

  const operations = (): Promise<ReadonlySet<ControlOperation>> => {
    listed ??= (async () => {
      if (!base) return new Set<ControlOperation>();
      const response = await options.http.request({ method: 'GET', url: `${base}/capabilities` });
      if (response.status !== 200) return new Set<ControlOperation>();
      const body = JSON.parse(response.body.toString('utf8')) as { operations?: unknown };
      return new Set(Array.isArray(body.operations) ? (body.operations as ControlOperation[]) : []);
    })();
    return listed;
  };

  const call = async (operation: ControlOperation, method: string, path: string, expected: number | number[], body?: unknown): Promise<HttpResponse> => {
    if (!base) throw new ControlUnsupportedError(operation, 'no control adapter URL was given');
    if (!(await operations()).has(operation)) throw new ControlUnsupportedError(operation, 'not listed in GET /capabilities');
    const response = await options.http.request({
      method,
      url: `${base}${path}`,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 501) throw new ControlUnsupportedError(operation, 'it answered 501');
    if (![expected].flat().includes(response.status)) {
      throw new ControlError(`control adapter ${method} ${path} answered ${response.status}; expected ${[expected].flat().join(' or ')}: ${response.body.toString('utf8').slice(0, 200)}`);
    }
    return response;
  };
  const json = <T>(response: HttpResponse): T => JSON.parse(response.body.toString('utf8')) as T;
  const ref = (value: string) => encodeURIComponent(value);

  return {
    url: base,
    operations,
    acceptClient: async (request) => json(await call('accept-client', 'POST', '/clients', 201, request)),
    revokeClient: async (client) => void (await call('revoke-client', 'DELETE', `/clients/${ref(client)}`, 204)),
    loadPackage: async (descriptionYaml) => json(await call('load-package', 'POST', '/packages', 201, { descriptionYaml })),
    loadPackageFromRegistry: async (request) => {
      const response = await call('load-package-from-registry', 'POST', '/packages/from-registry', [201, 422, 502], request);
      if (response.status === 201) return { response, outcome: 'loaded', loaded: json<LoadedFromRegistry>(response) };
      const error = String(json<{ error?: unknown }>(response).error ?? '(no error given)');
      return { response, outcome: response.status === 422 ? 'refused' : 'not-pulled', error };
    },
    createDeployment: async (request) => json(await call('create-deployment', 'POST', '/deployments', 201, request)),
    placeDeployment: async (request) => {
      const response = await call('place-deployment', 'POST', '/placements', [201, 409], request);
      return response.status === 201 ? json<Placement>(response) : undefined;
    },
    updateDeployment: async (id, request) => void (await call('update-deployment', 'PUT', `/deployments/${ref(id)}`, 200, request)),
    deleteDeployment: async (id) => void (await call('delete-deployment', 'DELETE', `/deployments/${ref(id)}`, 204)),
    readClient: async (client) => json(await call('read-client', 'GET', `/clients/${ref(client)}`, 200)),
  };
}
