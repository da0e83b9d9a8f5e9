import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { createServerVerifier } from './fleet-device.js';

// The fleet's devices verify the WFM's chain in JS against the run's anchors (cheaper than a `ca` per TLS context).
describe('createServerVerifier', () => {
  let pki: TestPki;
  let other: TestPki;
  beforeAll(async () => {
    [pki, other] = await Promise.all([createTestPki(), createTestPki()]);
  });

  const servers: tls.Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  async function presented(certPem: string, keyPem: string): Promise<tls.TLSSocket> {
    const server = tls.createServer({ cert: certPem, key: keyPem }, (socket) => void setTimeout(() => socket.destroy(), 2000).unref());
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const socket = tls.connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, rejectUnauthorized: false });
    await once(socket, 'secureConnect');
    return socket;
  }

  it.each([
    ['accepts the WFM SVID chained to the run anchors', 'own', undefined],
    ['refuses a chain from another trust domain', 'other', "the WFM's certificate chain does not lead to the run's trust anchors"],
  ] as const)('%s', async (_, whose, expected) => {
    const svid = whose === 'own' ? pki.wfm : other.wfm;
    const socket = await presented(svid.certPem, svid.keyPem);
    const verify = createServerVerifier(pki.bundlePem);
    // Node hands out a client socket's peer certificate once: the verifier asks once per connection.
    expect(verify(socket)).toBe(expected);
    socket.destroy();
    // Remembered by the leaf's fingerprint: a second connection with the same chain gets the same answer.
    const again = await presented(svid.certPem, svid.keyPem);
    expect(verify(again)).toBe(expected);
    again.destroy();
  });
});
