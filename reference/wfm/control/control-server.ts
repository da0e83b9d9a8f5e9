import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ApiContext } from '../http/api-types.js';
import { isApiError, readBody } from '../http/read-body.js';
import {
  acceptClient,
  acceptClients,
  controlCapabilities,
  createDeployment,
  deleteDeployment,
  loadPackage,
  placeDeployment,
  readClient,
  reset,
  revokeClient,
  updateDeployment,
  type ControlResult,
} from './control-handlers.js';
import { loadPackageFromRegistry } from './load-from-registry.js';

/** Base path of the control adapter (core/control/control-contract.ts). */
export const CONTROL_BASE = '/control/v1';

type Handler = (ref: string, body: unknown, context: ApiContext) => ControlResult | Promise<ControlResult>;

const ROUTES: { method: string; pattern: RegExp; handler: Handler }[] = [
  { method: 'GET', pattern: /^\/capabilities$/, handler: (_, __, c) => ({ status: 200, body: controlCapabilities(c.edition) }) },
  { method: 'POST', pattern: /^\/clients$/, handler: (_, body, c) => acceptClient(body, c) },
  { method: 'POST', pattern: /^\/clients\/bulk$/, handler: (_, body, c) => acceptClients(body, c) },
  { method: 'GET', pattern: /^\/clients\/([^/]+)$/, handler: (ref, _, c) => readClient(ref, c) },
  { method: 'DELETE', pattern: /^\/clients\/([^/]+)$/, handler: (ref, _, c) => revokeClient(ref, c) },
  { method: 'POST', pattern: /^\/packages$/, handler: (_, body, c) => loadPackage(body, c) },
  { method: 'POST', pattern: /^\/packages\/from-registry$/, handler: (_, body, c) => loadPackageFromRegistry(body, c) },
  { method: 'POST', pattern: /^\/deployments$/, handler: (_, body, c) => createDeployment(body, c) },
  { method: 'POST', pattern: /^\/placements$/, handler: (_, body, c) => placeDeployment(body, c) },
  { method: 'PUT', pattern: /^\/deployments\/([^/]+)$/, handler: (ref, body, c) => updateDeployment(ref, body, c) },
  { method: 'DELETE', pattern: /^\/deployments\/([^/]+)$/, handler: (ref, _, c) => deleteDeployment(ref, c) },
  { method: 'POST', pattern: /^\/reset$/, handler: (_, __, c) => reset(c) },
];

/** The control adapter, natively: plain HTTP on loopback, JSON in and out, bodies capped like the API. */
export function createControlServer(context: ApiContext): Server {
  const handle = async (req: IncomingMessage): Promise<ControlResult> => {
    const pathname = new URL(req.url ?? '/', 'http://control.invalid').pathname;
    if (!pathname.startsWith(CONTROL_BASE)) return { status: 404, body: { error: `Control paths start with ${CONTROL_BASE}.` } };
    const path = pathname.slice(CONTROL_BASE.length);
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(path));
    if (!route) return { status: 501, body: { error: `${req.method} ${path} is not a control operation of this adapter.` } };
    const body = await readBody(req);
    if (isApiError(body)) return { status: 413, body: { error: body.detail } };
    let parsed: unknown;
    try {
      parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      return { status: 400, body: { error: 'The control request body is not valid JSON.' } };
    }
    const ref = decodeURIComponent(route.pattern.exec(path)?.[1] ?? '');
    return route.handler(ref, parsed, context);
  };
  return createServer((req, res) => {
    handle(req)
      .catch((cause: unknown) => ({ status: 500, body: { error: (cause as Error).message } }))
      .then(({ status, body }) => {
        const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        res.writeHead(status, bytes ? { 'content-type': 'application/json', 'content-length': String(bytes.length) } : {}).end(bytes);
      })
      .catch(() => res.destroy());
  });
}
