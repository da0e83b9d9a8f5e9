import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../../core/catalog/editions.js';
import type { CheckResult } from '../../../core/results/model.js';
import { runChecks } from '../../../core/runner/run-checks.js';
import { loadOciLayoutPackage } from '../load/oci-layout-package.js';
import type { LoadedPackage, PackageContext } from '../package.js';
import { buildOciLayout, type BuildOciLayoutOptions, type OciLayoutParts } from '../test-support/oci-layout-builder.js';
import { ociLayers } from './oci-layers.js';
import { ociManifest } from './oci-manifest.js';
import { ociTag } from './oci-tag.js';

const OCI_CHECKS = [ociManifest, ociLayers, ociTag];
const OCI_REQUIREMENTS = ['PKG-028', 'PKG-029', 'PKG-030', 'PKG-031', 'PKG-032'];
const PACKAGES = [
  { name: 'rc.3', dir: 'fixtures/packages/rc3/valid/line-monitor', edition: EDITIONS['1.0.0-rc.3'] },
  { name: 'preview-1', dir: 'fixtures/packages/preview-1/valid/line-monitor', edition: EDITIONS['preview-1'] },
];

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function layoutOf(packageDir: string, options: BuildOciLayoutOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'margo-oci-'));
  temporary.push(dir);
  await buildOciLayout(packageDir, dir, options);
  return dir;
}

function runOciChecks(pkg: LoadedPackage, edition: PackageContext['edition']): Promise<CheckResult[]> {
  return runChecks({ checks: OCI_CHECKS, context: { edition, pkg }, inScope: new Set(OCI_REQUIREMENTS), subjectEvidence: [{ kind: 'file', file: pkg.descriptionFile }] });
}

function requirementsWith(results: CheckResult[], outcome: CheckResult['outcome']): string[] {
  return [...new Set(results.filter((r) => r.outcome === outcome).map((r) => r.requirement))].sort();
}

function layerTitled(parts: OciLayoutParts, title: string): Record<string, unknown> & { annotations: Record<string, string> } {
  const layer = parts.layers.find((l) => (l.annotations as Record<string, string>)['org.opencontainers.image.title'] === title);
  if (!layer) throw new Error(`no layer titled ${title}`);
  return layer as Record<string, unknown> & { annotations: Record<string, string> };
}

interface DefectRow {
  title: string;
  options: BuildOciLayoutOptions;
  fails: string[];
  indeterminate?: string[];
  /** Options for loading the layout. */
  load?: { tag?: string };
  /** The message of the first finding on the failing (or indeterminate) requirement. */
  message?: RegExp;
}

const DEFECTS: DefectRow[] = [
  {
    title: 'fails PKG-029 when the artifactType is not the Margo one',
    options: { mutate: ({ manifest }) => void (manifest.artifactType = 'application/vnd.oci.image.config.v1+json') },
    fails: ['PKG-029'],
    message:
      /^manifest sha256:[0-9a-f]{12}: artifactType is "application\/vnd\.oci\.image\.config\.v1\+json"; expected "application\/vnd\.margo\.app\.v1\+json" \(PKG-029\)\. Push the package with --artifact-type application\/vnd\.margo\.app\.v1\+json\.$/,
  },
  {
    title: "fails PKG-029 for the concept diagram's vnd.org.margo spelling and names the spec text's spelling",
    options: { mutate: ({ manifest }) => void (manifest.artifactType = 'application/vnd.org.margo.app.v1+json') },
    fails: ['PKG-029'],
    message: /artifactType is "application\/vnd\.org\.margo\.app\.v1\+json", the concept diagram's spelling; the spec text requires "application\/vnd\.margo\.app\.v1\+json" \(PKG-029\)/,
  },
  {
    title: 'fails PKG-029 when the config is a non-empty image config',
    options: {
      mutate: ({ manifest, addBlob }) =>
        void (manifest.config = { mediaType: 'application/vnd.oci.image.config.v1+json', ...addBlob('{"architecture":"amd64","os":"linux"}') }),
    },
    fails: ['PKG-029'],
    message: /config\.mediaType is "application\/vnd\.oci\.image\.config\.v1\+json"; expected "application\/vnd\.oci\.empty\.v1\+json", the OCI empty descriptor \(PKG-029\)/,
  },
  {
    title: 'fails PKG-030 when the description layer has a plain YAML media type',
    options: { mutate: (parts) => void (layerTitled(parts, 'margo.yaml').mediaType = 'application/yaml') },
    fails: ['PKG-030'],
    message: /layer 0 \(margo\.yaml\): mediaType is "application\/yaml"; expected "application\/vnd\.margo\.app\.description\.v1\+yaml" for the application description \(PKG-030\)/,
  },
  {
    title: 'fails PKG-030 when the icon layer has a generic image media type',
    options: { mutate: (parts) => void (layerTitled(parts, 'resources/icon.svg').mediaType = 'image/svg+xml') },
    fails: ['PKG-030'],
    message:
      /\(resources\/icon\.svg\): mediaType is "image\/svg\+xml"; expected application\/vnd\.margo\.app\.icon\.v1\+<format>, since metadata\.catalog\.application\.icon names this file \(PKG-030\)\. Push it as resources\/icon\.svg:application\/vnd\.margo\.app\.icon\.v1\+svg\.$/,
  },
  {
    title: 'fails PKG-030 when a layer uses a resource name Margo does not define',
    options: { mutate: (parts) => void (layerTitled(parts, 'resources/icon.svg').mediaType = 'application/vnd.margo.app.logo.v1+svg') },
    fails: ['PKG-030'],
    message: /mediaType is "application\/vnd\.margo\.app\.logo\.v1\+svg"; expected application\/vnd\.margo\.app\.icon\.v1\+<format>/,
  },
  {
    title: 'fails PKG-031 when a resource layer lacks the org.margo.app.resource annotation',
    options: { mutate: (parts) => void delete layerTitled(parts, 'resources/release-notes.md').annotations['org.margo.app.resource'] },
    fails: ['PKG-031'],
    message: /\(resources\/release-notes\.md\): annotation org\.margo\.app\.resource is missing; resource layers must carry it \(PKG-031\)\. Annotate the layer with "org\.margo\.app\.resource": "releaseNotes"\.$/,
  },
  {
    title: 'fails PKG-032 when the tag names another version than metadata.version',
    options: { tag: '2.4.0' },
    fails: ['PKG-032'],
    message: /^index\.json: manifest sha256:[0-9a-f]{12} is tagged "2\.4\.0"; expected its metadata\.version "2\.4\.1" \(PKG-032\)\. Tag the package version 2\.4\.1\.$/,
  },
  {
    title: 'fails PKG-032 when the version tag carries a v prefix',
    options: { tag: 'v2.4.1' },
    fails: ['PKG-032'],
    message: /is tagged "v2\.4\.1"; expected its metadata\.version "2\.4\.1" \(PKG-032\)/,
  },
  {
    title: 'passes PKG-032 when the manifest is tagged both latest and its version',
    options: {
      tag: 'latest',
      mutate: ({ index }) =>
        void index.manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { 'org.opencontainers.image.ref.name': '2.4.1' } }),
    },
    load: { tag: 'latest' },
    fails: [],
  },
  {
    title: 'leaves PKG-032 indeterminate when the manifest is tagged only with the moving tag latest',
    options: { tag: 'latest' },
    fails: [],
    indeterminate: ['PKG-032'],
    message: /^index\.json: manifest sha256:[0-9a-f]{12} is tagged only "latest", so its version tag is not known in this layout \(PKG-032\)/,
  },
  {
    title: 'fails PKG-028 when a blob was changed after it was referenced',
    options: { corruptBlob: 'resources/license.txt' },
    fails: ['PKG-028'],
    message: /layer 3 \(resources\/license\.txt\): the bytes of blobs\/sha256\/[0-9a-f]{64} hash to sha256:[0-9a-f]{64}; the descriptor says sha256:[0-9a-f]{64} \(PKG-028\)/,
  },
  {
    title: 'fails PKG-028 when a referenced blob is missing from the layout',
    options: { omitBlob: 'resources/license.txt' },
    fails: ['PKG-028'],
    message: /\(resources\/license\.txt\): blob sha256:[0-9a-f]{64} is not in the layout \(blobs\/sha256\/[0-9a-f]{64} is missing\) \(PKG-028\)/,
  },
  {
    title: 'fails PKG-028 when a layer descriptor states the wrong size',
    options: { mutate: (parts) => void (layerTitled(parts, 'resources/icon.svg').size = 1) },
    fails: ['PKG-028'],
    message: /\(resources\/icon\.svg\): size is 1; the blob has \d+ bytes \(PKG-028\)/,
  },
  {
    title: 'fails PKG-028 when a file the description names is not a layer',
    options: { mutate: ({ layers }) => void layers.splice(layers.findIndex((l) => (l.annotations as Record<string, string>)['org.opencontainers.image.title'] === 'resources/license.txt'), 1) },
    fails: ['PKG-028'],
    message: /^margo\.yaml: metadata\.catalog\.application\.licenseFile names "\.\/resources\/license\.txt", but no layer of manifest sha256:[0-9a-f]{12} is titled resources\/license\.txt \(PKG-028\)/,
  },
  {
    title: 'leaves PKG-032 indeterminate when the index entry carries no tag',
    options: { tag: null },
    fails: [],
    indeterminate: ['PKG-032'],
    message: /^index\.json: manifest sha256:[0-9a-f]{12} has no org\.opencontainers\.image\.ref\.name annotation, so its version tag is not known in this layout \(PKG-032\)/,
  },
];

describe.each(PACKAGES)('OCI checks on the $name line-monitor layout', ({ dir, edition }) => {
  it('passes every OCI packaging requirement for a correctly built layout', async () => {
    const pkg = await loadOciLayoutPackage(await layoutOf(dir), { location: 'layout' });
    const results = await runOciChecks(pkg, edition);
    expect(results.map((r) => [r.requirement, r.check, r.outcome])).toEqual([
      ['PKG-028', 'package-format/oci-layers', 'pass'],
      ['PKG-028', 'package-format/oci-manifest', 'pass'],
      ['PKG-029', 'package-format/oci-manifest', 'pass'],
      ['PKG-030', 'package-format/oci-layers', 'pass'],
      ['PKG-031', 'package-format/oci-layers', 'pass'],
      ['PKG-032', 'package-format/oci-tag', 'pass'],
    ]);
  });

  it.each(DEFECTS)('$title', async ({ options, load, fails, indeterminate = [], message }) => {
    const pkg = await loadOciLayoutPackage(await layoutOf(dir, options), { location: 'layout', ...load });
    const results = await runOciChecks(pkg, edition);
    expect(requirementsWith(results, 'fail')).toEqual(fails);
    expect(requirementsWith(results, 'indeterminate')).toEqual(indeterminate);
    const decided = results.find((r) => r.outcome === 'fail' || r.outcome === 'indeterminate');
    if (message) expect(decided?.message).toMatch(message);
    else expect(decided).toBeUndefined();
  });
});

describe('OCI checks on other inputs', () => {
  const directory: LoadedPackage = {
    format: 'directory',
    location: 'line-monitor',
    files: new Map(),
    descriptionFile: 'margo.yaml',
    descriptionCandidates: ['margo.yaml'],
    description: { value: { metadata: { version: '2.4.1' } }, problems: [], locate: () => undefined },
  };

  it('skips every OCI packaging requirement for a directory and says when it is checked', async () => {
    const findings = (await Promise.all(OCI_CHECKS.map((check) => check.run({ edition: EDITIONS['1.0.0-rc.3'], pkg: directory })))).flat();
    expect(findings.map((f) => [f.requirement, f.outcome]).sort()).toEqual([
      ['PKG-028', 'skip'],
      ['PKG-028', 'skip'],
      ['PKG-029', 'skip'],
      ['PKG-030', 'skip'],
      ['PKG-031', 'skip'],
      ['PKG-032', 'skip'],
    ]);
    expect(findings.find((f) => f.requirement === 'PKG-029')?.message).toBe(
      'The package was given as a directory; OCI packaging (PKG-029) is checked when the input is an OCI image layout.',
    );
  });
});
