import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCI_EMPTY_DESCRIPTOR, OCI_MEDIA_TYPES } from '../../core/protocol/oci-media-types.js';
import { createFaultSet } from '../../reference/wfm/faults.js';
import { PackageRefusedError, pullPackage } from '../../reference/wfm/registry/pull-package.js';
import { RegistryUnreachableError } from '../../reference/wfm/registry/registry-fetch.js';
import { sha256, startOciRegistry, type OciRegistry, type RegistryArtifact } from './index.js';

/** A minimal Margo package version: the description layer and the empty config. */
function margoPackage(name: string, version: string, tags: string[]): RegistryArtifact & { yaml: string } {
  const yaml = `id: app\nmetadata:\n  version: ${version}\n`;
  const description = Buffer.from(yaml);
  const manifest = { schemaVersion: 2, mediaType: OCI_MEDIA_TYPES.manifest, artifactType: OCI_MEDIA_TYPES.application, config: OCI_EMPTY_DESCRIPTOR, layers: [{ mediaType: OCI_MEDIA_TYPES.description, digest: sha256(description), size: description.length }] };
  return { name, tag: tags, manifest: Buffer.from(JSON.stringify(manifest)), blobs: [description, Buffer.from('{}')], yaml };
}

let registry: OciRegistry;
const versions = [margoPackage('app', '0.9.0', ['0.9.0']), margoPackage('app', '1.0.0', ['1.0.0', 'latest']), margoPackage('app', '1.1.0', ['1.1.0'])];

beforeAll(async () => {
  registry = await startOciRegistry({ artifacts: versions, maxTagsPerPage: 2 });
});
afterAll(() => registry.close());

const pull = (repository: string, version?: string, faults: string[] = []) => pullPackage({ registry: new URL(registry.url), repository, ...(version ? { version } : {}) }, createFaultSet(faults));

describe('the reference WFM pulling a package', () => {
  it.each([
    { title: 'the newest version, from the second tags page', version: undefined, faults: [], expected: versions[2] },
    { title: 'an asked version', version: '0.9.0', faults: [], expected: versions[0] },
    { title: 'only the first page with ignores-tags-list-link', version: undefined, faults: ['ignores-tags-list-link'], expected: versions[1] },
    { title: 'what latest names with takes-latest-tag', version: undefined, faults: ['takes-latest-tag'], expected: versions[1] },
  ])('loads $title', async ({ version, faults, expected }) => {
    expect(await pull('app', version, faults)).toEqual({ descriptionYaml: expected?.yaml, manifestDigest: sha256(expected?.manifest ?? Buffer.alloc(0)) });
  });

  it('resolves the tag with HEAD, then fetches the manifest by digest and every blob by digest', async () => {
    const before = registry.requests.length;
    await pull('app', '1.1.0');
    const manifestDigest = sha256(versions[2]?.manifest ?? Buffer.alloc(0));
    expect(registry.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.accept ?? '-'}`)).toEqual([
      'GET /v2/app/tags/list?n=100 -',
      'GET /v2/app/tags/list?n=100&last=1.0.0 -',
      `HEAD /v2/app/manifests/1.1.0 ${OCI_MEDIA_TYPES.manifest}`,
      `GET /v2/app/manifests/${manifestDigest} ${OCI_MEDIA_TYPES.manifest}`,
      `GET /v2/app/blobs/${sha256(Buffer.from(versions[2]?.yaml ?? ''))} -`,
    ]);
  });

  it.each([
    { title: 'a version the tags list does not offer', repository: 'app', version: '2.0.0', error: PackageRefusedError, message: 'Version 2.0.0 is not in the tags list of app (0.9.0, 1.0.0, 1.1.0, latest).' },
    { title: 'an unknown repository', repository: 'other', version: undefined, error: RegistryUnreachableError, message: /^the registry answered 404 for the tags list: \{"errors":\[\{"code":"NAME_UNKNOWN"/ },
  ])('refuses $title', async ({ repository, version, error, message }) => {
    const attempt = pull(repository, version);
    await expect(attempt).rejects.toThrow(error);
    await expect(attempt).rejects.toThrow(message);
  });

  it('fails a pull from a registry that is not listening, within its deadline', async () => {
    const closed = await startOciRegistry({ artifacts: [] });
    await closed.close();
    await expect(pullPackage({ registry: new URL(closed.url), repository: 'app' }, createFaultSet())).rejects.toThrow(/^GET \/v2\/app\/tags\/list\?n=100 failed: connect ECONNREFUSED/);
  });
});
