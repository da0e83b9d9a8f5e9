import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Edition } from '../../../core/catalog/editions.js';
import type { ControlOperation } from '../../../core/control/control-contract.js';
import type { TestPki } from '../../../core/identity/index.js';
import { createFaultSet } from '../../../reference/wfm/faults.js';
import { tlsOptions } from '../../../reference/wfm/auth/tls-options.js';

export interface EmptyJsonWfm {
  /** `https://127.0.0.1:<port>` of the management API. */
  url: string;
  /** `http://127.0.0.1:<port>/control/v1`: an adapter that accepts every operation. */
  controlUrl: string;
  /** How many requests the API answered (each with `200 {}`). */
  requests(): number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** A control body is never larger than a package description; anything beyond is dropped unread. */
const MAX_CONTROL_BODY = 1024 * 1024;
const ALL_OPERATIONS: ControlOperation[] = ['accept-client', 'accept-clients', 'revoke-client', 'load-package', 'create-deployment', 'place-deployment', 'update-deployment', 'delete-deployment', 'read-client', 'reset'];

/**
 * A hostile WFM that gets every transport fact right and nothing else: TLS 1.3 with the run's WFM SVID,
 * mutual TLS as the reference asks for it (rc.3), HTTP/1.1 by ALPN, and `200 {}` with
 * `content-type: application/json` to every request, whatever its method, path, headers or credentials.
 * Its control adapter accepts every operation with minimal plausible bodies, so every check gets as far
 * as the management API itself. Only what the handshake and the HTTP version prove may pass against it.
 */
export async function startEmptyJsonWfm(edition: Edition, pki: TestPki): Promise<EmptyJsonWfm> {
  const sockets = new Set<Socket>();
  let answered = 0;
  const api = createHttpsServer(tlsOptions(edition, { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem }, createFaultSet()), (req, res) => {
    req.resume();
    answered += 1;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' }).end('{}');
  });
  api.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  api.on('tlsClientError', () => undefined);
  const control = createHttpServer((req, res) => void answerControl(req, res));
  await Promise.all([listen(api), listen(control)]);
  return {
    url: `https://${HOST}:${(api.address() as AddressInfo).port}`,
    controlUrl: `http://${HOST}:${(control.address() as AddressInfo).port}/control/v1`,
    requests: () => answered,
    async close() {
      for (const socket of sockets) socket.destroy();
      control.closeAllConnections();
      await Promise.all([close(api), close(control)]);
    },
  };
}

/** Every operation of core/control/control-contract.ts, accepted. */
async function answerControl(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const path = new URL(req.url ?? '/', 'http://control.invalid').pathname.replace(/^\/control\/v1/, '');
  const json = (status: number, value: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  const segments = path.split('/').filter(Boolean);
  const [collection, ref] = segments;
  switch (`${req.method ?? ''} ${collection ?? ''}${ref === undefined ? '' : ' :ref'}`) {
    case 'GET capabilities':
      return json(200, { operations: ALL_OPERATIONS });
    case 'POST clients':
      return json(201, { clientId: `client-${randomUUID()}` });
    case 'POST clients :ref': {
      const clients = Array.isArray((body as { clients?: unknown[] })?.clients) ? (body as { clients: unknown[] }).clients : [];
      return json(201, { clients: clients.map(() => ({ clientId: `client-${randomUUID()}` })) });
    }
    case 'GET clients :ref':
      return json(200, { client: decodeURIComponent(ref ?? ''), capabilities: {}, statuses: {} });
    case 'POST packages':
      return json(201, { applicationId: `app-${randomUUID()}` });
    case 'POST deployments':
      return json(201, { deploymentId: randomUUID() });
    case 'POST placements': {
      const first = (body as { candidates?: { client?: string; deviceId?: string }[] })?.candidates?.[0];
      return json(201, { deploymentId: randomUUID(), client: first?.client ?? 'client', deviceId: first?.deviceId ?? 'device' });
    }
    case 'PUT deployments :ref':
      return json(200, {});
    case 'DELETE clients :ref':
    case 'DELETE deployments :ref':
    case 'POST reset':
      return void res.writeHead(204).end();
    default:
      return void res.writeHead(404).end();
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_CONTROL_BODY) chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function listen(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => server.listen(0, HOST, resolve));
}

function close(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
