import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { TestPki } from '../../../core/identity/index.js';

/** Our own hostile WFMs: each misbehaves in exactly one way a lab would try. */
export type HostileWfmKind = 'never-answers' | 'resets' | 'http-1.0' | 'wrong-svid';

export interface HostileWfm {
  /** `https://127.0.0.1:<port>` of the management API. */
  url: string;
  /** A control adapter that accepts clients and nothing else. */
  controlUrl: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts a hostile WFM on loopback:
 * - `never-answers`: accepts TCP and never sends a byte;
 * - `resets`: accepts TCP and resets the connection at once;
 * - `http-1.0`: a TLS 1.3 server with the run's WFM SVID answering every request `HTTP/1.0 200` with `{}`;
 * - `wrong-svid`: an HTTPS server presenting a device's SVID of the same trust domain, answering `200 {}`.
 */
export async function startHostileWfm(kind: HostileWfmKind, pki: TestPki): Promise<HostileWfm> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = await apiServer(kind, pki, track);
  const control = controlServer();
  await Promise.all([listen(server), listen(control)]);
  return {
    url: `https://${HOST}:${(server.address() as AddressInfo).port}`,
    controlUrl: `http://${HOST}:${(control.address() as AddressInfo).port}/control/v1`,
    async close() {
      for (const socket of sockets) socket.destroy();
      control.closeAllConnections();
      await Promise.all([close(server), close(control)]);
    },
  };
}

async function apiServer(kind: HostileWfmKind, pki: TestPki, track: (socket: Socket) => void): Promise<Server> {
  switch (kind) {
    case 'never-answers':
      return createNetServer(track);
    case 'resets':
      return createNetServer((socket) => {
        track(socket);
        socket.resetAndDestroy();
      });
    case 'http-1.0': {
      const server = createTlsServer({ cert: pki.wfm.certPem, key: pki.wfm.keyPem, ca: pki.bundlePem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.3', ALPNProtocols: ['http/1.1'] }, (socket) => {
        let head = '';
        socket.on('data', (chunk: Buffer) => {
          head += chunk.toString('latin1');
          if (!head.includes('\r\n\r\n')) return;
          socket.end('HTTP/1.0 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
        });
      });
      server.on('connection', track);
      return server;
    }
    case 'wrong-svid': {
      const device = await pki.issueWfm({ wrongPath: true });
      const server = createHttpsServer({ cert: device.certPem, key: device.keyPem, ca: pki.bundlePem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.3', ALPNProtocols: ['http/1.1'] }, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      server.on('connection', track);
      return server;
    }
  }
}

/** Lists only `accept-client` and accepts every client, so checks get as far as the API itself. */
function controlServer(): HttpServer {
  return createHttpServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://control.invalid').pathname;
    if (req.method === 'GET' && path.endsWith('/capabilities')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ operations: ['accept-client'] }));
    if (req.method === 'POST' && path.endsWith('/clients')) return void res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    res.writeHead(501).end();
  });
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, HOST, resolve));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
