import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
const EMPTY_COMPONENT = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);
import { createRunTraffic, withObservationScope } from '../../core/evidence/run-traffic.js';
import { createWasmArtifact } from '../wasm-artifacts/create-wasm-artifact.js';
import { sha256 } from './registry-content.js';
import { startOciRegistry, type OciRegistry } from './start-oci-registry.js';

const artifact = createWasmArtifact({ wasm: EMPTY_COMPONENT, wasi: 'wasip2' });
const { manifestDigest, layerDigest, configDigest } = artifact;
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
let registry: OciRegistry;

beforeAll(async () => {
  registry = await startOciRegistry({ artifacts: [{ name: 'line-filter/wasm', tag: ['1.0.0', 'latest'], manifest: artifact.manifest, blobs: artifact.blobs }] });
});
afterAll(() => registry.close());

async function fetchPath(method: 'GET' | 'HEAD' | 'PUT', path: string) {
  const response = await request(`${registry.url}${path}`, { method });
  const body = Buffer.from(await response.body.arrayBuffer());
  const header = (name: string) => (response.headers[name] as string | undefined) ?? null;
  return { status: response.statusCode, type: header('content-type'), digest: header('docker-content-digest'), length: header('content-length'), body };
}

describe('startOciRegistry', () => {
  it.each([
    { title: 'the API version check', method: 'GET', path: '/v2/', status: 200, type: 'application/json', digest: null, bytes: Buffer.from('{}') },
    { title: 'a manifest by tag', method: 'GET', path: '/v2/line-filter/wasm/manifests/1.0.0', status: 200, type: MANIFEST, digest: manifestDigest, bytes: artifact.manifest },
    { title: 'a manifest by a second tag', method: 'GET', path: '/v2/line-filter/wasm/manifests/latest', status: 200, type: MANIFEST, digest: manifestDigest, bytes: artifact.manifest },
    { title: 'a manifest by digest', method: 'GET', path: `/v2/line-filter/wasm/manifests/${manifestDigest}`, status: 200, type: MANIFEST, digest: manifestDigest, bytes: artifact.manifest },
    { title: 'a manifest by percent-encoded digest', method: 'GET', path: `/v2/line-filter/wasm/manifests/${encodeURIComponent(manifestDigest)}`, status: 200, type: MANIFEST, digest: manifestDigest, bytes: artifact.manifest },
    { title: 'the layer blob', method: 'GET', path: `/v2/line-filter/wasm/blobs/${layerDigest}`, status: 200, type: 'application/octet-stream', digest: layerDigest, bytes: EMPTY_COMPONENT },
    { title: 'the config blob', method: 'GET', path: `/v2/line-filter/wasm/blobs/${configDigest}`, status: 200, type: 'application/octet-stream', digest: configDigest, bytes: artifact.blobs.get(configDigest) },
  ])('serves $title', async ({ method, path, status, type, digest, bytes }) => {
    const answer = await fetchPath(method as 'GET', path);
    expect({ status: answer.status, type: answer.type, digest: answer.digest, length: answer.length, body: answer.body.toString('hex') }).toEqual({
      status,
      type,
      digest,
      length: String(bytes?.length),
      body: Buffer.from(bytes ?? []).toString('hex'),
    });
  });

  it('answers HEAD of a blob with its headers and no body', async () => {
    const answer = await fetchPath('HEAD', `/v2/line-filter/wasm/blobs/${layerDigest}`);
    expect({ status: answer.status, digest: answer.digest, length: answer.length, body: answer.body.length }).toEqual({ status: 200, digest: layerDigest, length: String(EMPTY_COMPONENT.length), body: 0 });
  });

  it.each([
    { title: 'an unknown repository', method: 'GET', path: '/v2/other/manifests/1.0.0', status: 404, code: 'NAME_UNKNOWN' },
    { title: 'an unknown tag', method: 'GET', path: '/v2/line-filter/wasm/manifests/2.0.0', status: 404, code: 'MANIFEST_UNKNOWN' },
    { title: 'an unknown blob', method: 'GET', path: `/v2/line-filter/wasm/blobs/sha256:${'0'.repeat(64)}`, status: 404, code: 'BLOB_UNKNOWN' },
    { title: 'a malformed blob digest', method: 'GET', path: '/v2/line-filter/wasm/blobs/sha256:xyz', status: 400, code: 'DIGEST_INVALID' },
    { title: 'a push', method: 'PUT', path: '/v2/line-filter/wasm/manifests/2.0.0', status: 405, code: 'UNSUPPORTED' },
  ])('refuses $title with an OCI error body', async ({ method, path, status, code }) => {
    const answer = await fetchPath(method as 'GET', path);
    expect({ status: answer.status, type: answer.type, code: JSON.parse(answer.body.toString()).errors[0].code }).toEqual({ status, type: 'application/json', code });
  });

  it('serves tampered bytes under the same digest until the blob is restored', async () => {
    registry.tamperBlob(layerDigest);
    const tampered = await fetchPath('GET', `/v2/line-filter/wasm/blobs/${layerDigest}`);
    registry.restoreBlob(layerDigest);
    const restored = await fetchPath('GET', `/v2/line-filter/wasm/blobs/${layerDigest}`);
    expect([tampered.digest, sha256(tampered.body) === layerDigest, tampered.body.length, sha256(restored.body) === layerDigest]).toEqual([layerDigest, false, EMPTY_COMPONENT.length, true]);
  });

  it('logs what was pulled', async () => {
    const before = registry.requests.length;
    await fetchPath('GET', '/v2/line-filter/wasm/manifests/1.0.0');
    expect(registry.requests.slice(before)).toEqual([{ method: 'GET', path: '/v2/line-filter/wasm/manifests/1.0.0', status: 200, digest: manifestDigest }]);
  });

  it.each([
    { title: 'the whole list without n', query: '', tags: ['1.0.0', 'latest'], link: null },
    { title: 'a first page', query: '?n=1', tags: ['1.0.0'], link: '</v2/line-filter/wasm/tags/list?n=1&last=1.0.0>; rel="next"' },
    { title: 'the page after last', query: '?n=1&last=1.0.0', tags: ['latest'], link: null },
    { title: 'n larger than the list', query: '?n=5', tags: ['1.0.0', 'latest'], link: null },
  ])('lists tags: $title', async ({ query, tags, link }) => {
    const response = await request(`${registry.url}/v2/line-filter/wasm/tags/list${query}`);
    expect({ status: response.statusCode, type: response.headers['content-type'], link: response.headers['link'] ?? null, body: await response.body.json() }).toEqual({
      status: 200,
      type: 'application/json',
      link,
      body: { name: 'line-filter/wasm', tags },
    });
  });

  it('pages a tags list asked with n by its page size, in case-insensitive lexical order, with a Link to the rest', async () => {
    const paged = await startOciRegistry({ artifacts: [{ name: 'app', tag: ['b', 'A', '2.0.0', '10.0.0'], manifest: artifact.manifest, blobs: artifact.blobs }], maxTagsPerPage: 2 });
    try {
      const pages: unknown[] = [];
      for (let path: string | undefined = '/v2/app/tags/list?n=100'; path !== undefined; ) {
        const response: Awaited<ReturnType<typeof request>> = await request(`${paged.url}${path}`);
        pages.push((await response.body.json() as { tags: string[] }).tags);
        path = /^<([^>]+)>; rel="next"$/.exec(String(response.headers['link'] ?? ''))?.[1];
      }
      expect(pages).toEqual([['10.0.0', '2.0.0'], ['A', 'b']]);
    } finally {
      await paged.close();
    }
  });

  it('serves an artifact pushed while running, and writes its requests to the traffic log under the pushing scope', async () => {
    const traffic = createRunTraffic();
    const logged = await startOciRegistry({ artifacts: [], traffic });
    try {
      withObservationScope('suite/check', () => logged.push({ name: 'pushed/app', tag: '2.0.0', manifest: artifact.manifest, blobs: artifact.blobs }));
      const answer = await request(`${logged.url}/v2/pushed/app/manifests/2.0.0`, { headers: { accept: MANIFEST } });
      await answer.body.arrayBuffer();
      const [entry] = logged.requests;
      expect(entry).toEqual({ method: 'GET', path: '/v2/pushed/app/manifests/2.0.0', status: 200, digest: manifestDigest, accept: MANIFEST, exchange: 't-000001' });
      expect(traffic.of('suite/check').map((record) => [record.id, record.kind === 'http' ? [record.request.url, record.response?.status] : []])).toEqual([['t-000001', [`${logged.url}/v2/pushed/app/manifests/2.0.0`, 200]]]);
    } finally {
      await logged.close();
    }
  });

  it('names the repository as a Margo component reference', () => {
    expect(registry.repository('line-filter/wasm')).toBe(`oci://${registry.authority}/line-filter/wasm`);
    expect(registry.authority).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('refuses a blob keyed by a digest that is not its sha256', async () => {
    await expect(startOciRegistry({ artifacts: [{ name: 'a', tag: '1', manifest: artifact.manifest, blobs: new Map([[layerDigest, Buffer.from('other')]]) }] })).rejects.toThrow(
      `OCI registry: blob keyed ${layerDigest} in a has sha256 ${sha256(Buffer.from('other'))}; key blobs by their digest, and use tamperBlob() to serve altered bytes.`,
    );
  });
});
