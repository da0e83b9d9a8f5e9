import { request } from 'undici';
import type { AcceptClientRequest } from '../../core/control/control-contract.js';

/** The simulator's side of the control adapter: only the operations a fleet run needs, JSON over loopback. */
export interface FleetControl {
  /** Accepts many clients: `POST /clients/bulk` in batches, or one by one where the adapter lacks it (501). */
  acceptClients(clients: AcceptClientRequest[]): Promise<void>;
  loadPackage(descriptionYaml: string): Promise<string>;
  createDeployment(body: { client: string; deviceId: string; applicationId: string; profileId: string }): Promise<string>;
  updateDeployment(deploymentId: string, parameters: Record<string, unknown>): Promise<void>;
  deleteDeployment(deploymentId: string): Promise<void>;
  /** Status bodies the WFM recorded for a client, by deployment id. */
  readStatuses(ref: string): Promise<Record<string, unknown>>;
}

const TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 16 * 1024 * 1024;
// Keeps each bulk body well under a 1 MiB request limit, even with preview-1 certificates (~1 KiB each).
const BATCH = 500;

export class FleetControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetControlError';
  }
}

export function createFleetControl(baseUrl: string): FleetControl {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (method: string, path: string, expected: number[], body?: unknown): Promise<{ status: number; json: unknown }> => {
    const response = await request(`${base}${path}`, {
      method: method as 'GET',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new FleetControlError(`control adapter ${method} ${path} answered a body over ${MAX_BODY_BYTES} bytes`);
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!expected.includes(response.statusCode)) {
      throw new FleetControlError(`control adapter ${method} ${path} answered ${response.statusCode}; expected ${expected.join(' or ')}: ${text.slice(0, 200)}`);
    }
    return { status: response.statusCode, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
  let bulk = true;
  return {
    async acceptClients(clients) {
      for (let start = 0; start < clients.length; start += BATCH) {
        const batch = clients.slice(start, start + BATCH);
        if (bulk) {
          const answer = await call('POST', '/clients/bulk', [201, 404, 501], { clients: batch });
          if (answer.status === 201) continue;
          bulk = false;
        }
        for (const client of batch) await call('POST', '/clients', [201], client);
      }
    },
    loadPackage: async (descriptionYaml) => ((await call('POST', '/packages', [201], { descriptionYaml })).json as { applicationId: string }).applicationId,
    createDeployment: async (body) => ((await call('POST', '/deployments', [201], body)).json as { deploymentId: string }).deploymentId,
    updateDeployment: async (id, parameters) => void (await call('PUT', `/deployments/${encodeURIComponent(id)}`, [200], { parameters })),
    deleteDeployment: async (id) => void (await call('DELETE', `/deployments/${encodeURIComponent(id)}`, [204])),
    readStatuses: async (ref) => ((await call('GET', `/clients/${encodeURIComponent(ref)}`, [200])).json as { statuses?: Record<string, unknown> }).statuses ?? {},
  };
}
