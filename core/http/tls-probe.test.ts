import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPki } from '../identity/index.js';
import { probeTls } from './tls-probe.js';

let url: string;
let server: ReturnType<typeof createServer>;

beforeAll(async () => {
  const pki = await createTestPki();
  server = createServer({ cert: pki.wfm.certPem, key: pki.wfm.keyPem, minVersion: 'TLSv1.3', ALPNProtocols: ['http/1.1'] }, (_req, res) => res.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it.each([
  { offered: 'TLS 1.2 and 1.3', options: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }, expected: { outcome: 'connected', protocol: 'TLSv1.3', alpn: 'http/1.1' } },
  { offered: 'TLS 1.2 only', options: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }, expected: { outcome: 'refused' } },
] as const)('reports what a server with TLS 1.3 only does with $offered', async ({ options, expected }) => {
  const result = await probeTls({ url, ...options });
  expect(result).toMatchObject(expected);
});

it('reports nothing listening as unreachable', async () => {
  expect(await probeTls({ url: 'https://127.0.0.1:1' })).toMatchObject({ outcome: 'unreachable', code: 'ECONNREFUSED' });
});
