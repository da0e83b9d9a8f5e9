import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../../core/catalog/editions.js';
import { createHttpClient } from '../../../core/http/index.js';
import { startOciRegistry, type OciRegistry } from '../../../instruments/oci-registry/index.js';
import type { WfmContext } from '../context.js';
import { createControlClient } from '../control-client.js';
import { registryPull } from './registry-pull.js';

const REQUIREMENTS = ['AR-001', 'AR-005', 'AR-006', 'AR-007'];

/** How a hostile adapter answers `POST /packages/from-registry`. */
type Behaviour = 'loads-without-pulling' | 'refuses-everything-after-looking' | 'operation-missing';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

/** A control adapter that never pulls properly: it must never earn a pass. */
async function hostileAdapter(behaviour: Behaviour): Promise<string> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const answer = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.url === '/capabilities') return answer(200, { operations: behaviour === 'operation-missing' ? ['load-package'] : ['load-package-from-registry'] });
      const { registry, repository } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { registry: string; repository: string };
      if (behaviour === 'loads-without-pulling') return answer(201, { applicationId: 'app', version: '1.1.0', manifestDigest: `sha256:${'0'.repeat(64)}` });
      await (await fetch(`${registry}/v2/${repository}/tags/list`)).arrayBuffer();
      await (await fetch(`${registry}/v2/${repository}/manifests/1.0.0`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } })).arrayBuffer();
      answer(422, { error: 'refused' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closing.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function run(behaviour: Behaviour) {
  const http = createHttpClient();
  const registry: OciRegistry = await startOciRegistry({ artifacts: [], traffic: http.traffic, maxTagsPerPage: 2 });
  closing.push(() => registry.close(), () => http.close());
  const control = createControlClient({ url: await hostileAdapter(behaviour), http });
  const context = { edition: EDITIONS['1.0.0-rc.3'], http, control, registry, runId: 'a1b2c3d4', scope: new Set(REQUIREMENTS) } as unknown as WfmContext;
  return registryPull.run(context);
}

describe('wfm-api/registry-pull against adapters that do not pull properly', () => {
  it.each([
    { behaviour: 'loads-without-pulling', outcomes: { 'AR-001': ['error'], 'AR-005': ['error'], 'AR-006': ['error', 'error'], 'AR-007': ['error', 'error', 'error', 'error', 'error'] }, message: /never saw a request for it/ },
    { behaviour: 'refuses-everything-after-looking', outcomes: { 'AR-001': ['error'], 'AR-005': ['error'], 'AR-006': ['error', 'error'], 'AR-007': ['error', 'error', 'error', 'error', 'error'] }, message: /refused to load the newest version/ },
    { behaviour: 'operation-missing', outcomes: { 'AR-001': ['skip'], 'AR-005': ['skip'], 'AR-006': ['skip'], 'AR-007': ['skip'] }, message: /^Not decided: the control adapter does not offer load-package-from-registry/ },
  ] as const)('$behaviour: never a pass', async ({ behaviour, outcomes, message }) => {
    const findings = await run(behaviour);
    const by: Record<string, string[]> = {};
    for (const finding of findings) (by[finding.requirement] ??= []).push(finding.outcome);
    expect(by).toEqual(outcomes);
    expect(findings[0]?.message).toMatch(message);
  });
});
