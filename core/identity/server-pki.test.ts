import { once } from 'node:events';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServerPki, type ServerCertificate, type ServerPki } from './server-pki.js';

let pki: ServerPki;
beforeAll(async () => {
  pki = await createServerPki();
});

/** Whether a client holding only the server CA, checking the name `localhost`, completes a request to a server presenting `certificate`. */
async function accepted(certificate: ServerCertificate): Promise<boolean> {
  const server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (_req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<boolean>((resolve) => {
      const options = { host: '127.0.0.1', servername: 'localhost', port, path: '/', ca: pki.caPem, checkServerIdentity: (_host: string, cert: Parameters<typeof checkServerIdentity>[1]) => checkServerIdentity('localhost', cert) };
      const req = request(options, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
  } finally {
    server.close();
  }
}

describe('server PKI for the trust bundle server', () => {
  it('issues a localhost certificate that its CA anchors', async () => {
    expect(await accepted(pki.server)).toBe(true);
  });
  it('issues one from a CA the client does not hold, which the client refuses', async () => {
    expect(await accepted(pki.untrusted)).toBe(false);
  });
  it('issues one for another name, which the name check refuses', async () => {
    expect(await accepted(pki.wrongName)).toBe(false);
  });
});
