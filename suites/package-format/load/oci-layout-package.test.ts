import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, UnsafeInputError } from '../../../core/input/limits.js';
import { buildOciLayout, type BuildOciLayoutOptions, type BuiltOciLayout, type OciLayoutParts } from '../test-support/oci-layout-builder.js';
import { isOciLayout, loadOciLayoutPackage } from './oci-layout-package.js';

const RC3 = 'fixtures/packages/rc3/valid/line-monitor';
const PREVIEW_1 = 'fixtures/packages/preview-1/valid/line-monitor';
const TITLE = 'org.opencontainers.image.title';

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A scratch directory holding `layout/` (the OCI layout) and room for files outside it. */
async function scratch(packageDir: string, options: BuildOciLayoutOptions = {}): Promise<{ root: string; layout: string; built: BuiltOciLayout }> {
  const root = await mkdtemp(join(tmpdir(), 'margo-oci-'));
  temporary.push(root);
  const layout = join(root, 'layout');
  const built = await buildOciLayout(packageDir, layout, options);
  return { root, layout, built };
}

function retitle(from: string, to: string) {
  return (parts: OciLayoutParts) => {
    const layer = parts.layers.find((l) => (l.annotations as Record<string, string>)[TITLE] === from);
    (layer!.annotations as Record<string, string>)[TITLE] = to;
  };
}

describe('loadOciLayoutPackage', () => {
  it.each([
    { name: 'rc.3', dir: RC3 },
    { name: 'preview-1', dir: PREVIEW_1 },
  ])('presents the $name line-monitor layers as the package files and parses its description', async ({ dir }) => {
    const { layout, built } = await scratch(dir);
    const pkg = await loadOciLayoutPackage(layout, { location: 'line-monitor-layout' });
    expect({
      format: pkg.format,
      location: pkg.location,
      digest: pkg.digest,
      files: [...(pkg.files?.keys() ?? [])].sort(),
      descriptionFile: pkg.descriptionFile,
      descriptionCandidates: pkg.descriptionCandidates,
      problems: pkg.description.problems,
      version: (pkg.description.value as { metadata: { version: string } }).metadata.version,
      tag: pkg.oci?.tag,
      manifestDigest: pkg.oci?.manifestDigest,
      blobs: pkg.oci?.blobs.size,
    }).toEqual({
      format: 'oci-layout',
      location: 'line-monitor-layout',
      digest: built.manifestDigest,
      files: ['margo.yaml', 'resources/description.md', 'resources/icon.svg', 'resources/license.txt', 'resources/release-notes.md'],
      descriptionFile: 'margo.yaml',
      descriptionCandidates: ['margo.yaml'],
      problems: [],
      version: '2.4.1',
      tag: '2.4.1',
      manifestDigest: built.manifestDigest,
      blobs: 7,
    });
  });

  it('recognises an OCI image layout by its oci-layout file and a package directory by its absence', async () => {
    const { layout } = await scratch(RC3);
    expect([isOciLayout(layout), isOciLayout(RC3)]).toEqual([true, false]);
  });

  it('leaves a missing layer blob out of blobs and files instead of throwing', async () => {
    const { layout } = await scratch(RC3, { omitBlob: 'resources/icon.svg' });
    const pkg = await loadOciLayoutPackage(layout, { location: 'layout' });
    expect([pkg.files?.has('resources/icon.svg'), pkg.oci?.blobs.size]).toEqual([false, 6]);
  });

  it('reports a layout without a description layer through the parsed description', async () => {
    const { layout } = await scratch(RC3, { mutate: (parts) => void (parts.layers[0]!.mediaType = 'application/yaml') });
    const pkg = await loadOciLayoutPackage(layout, { location: 'layout' });
    expect([pkg.descriptionFile, pkg.descriptionCandidates, pkg.description.value, pkg.description.problems]).toEqual([
      'margo.yaml',
      [],
      undefined,
      [{ message: 'no layer with media type application/vnd.margo.app.description.v1+yaml' }],
    ]);
  });

  it('picks the manifest whose index entry carries the requested tag', async () => {
    const { layout } = await scratch(RC3, {
      mutate: ({ index }) => void index.manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { 'org.opencontainers.image.ref.name': '2.4.0' } }),
    });
    const pkg = await loadOciLayoutPackage(layout, { location: 'layout', tag: '2.4.0' });
    expect(pkg.oci?.tag).toBe('2.4.0');
  });
});

interface RefusalRow {
  title: string;
  options?: BuildOciLayoutOptions;
  /** Changes the built layout on disk. */
  alter?: (at: { root: string; layout: string; built: BuiltOciLayout }) => Promise<void>;
  load?: { tag?: string; limits?: typeof DEFAULT_LIMITS };
  unsafe: boolean;
  message: RegExp;
}

const secondManifest = {
  mutate: ({ index }: OciLayoutParts) =>
    void index.manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { 'org.opencontainers.image.ref.name': '2.4.0' } }),
};

const REFUSALS: RefusalRow[] = [
  {
    title: 'refuses a layer title that climbs out of the package',
    options: { mutate: retitle('resources/icon.svg', '../evil') },
    unsafe: true,
    message: /^layout: manifest layers\[2\] has title "\.\.\/evil", which is absolute or leaves the package; refused\. Title layers with a path relative to the package root, such as resources\/icon\.svg\.$/,
  },
  {
    title: 'refuses an absolute layer title',
    options: { mutate: retitle('resources/icon.svg', '/etc/passwd') },
    unsafe: true,
    message: /has title "\/etc\/passwd", which is absolute or leaves the package; refused/,
  },
  {
    title: 'refuses a layer title with backslashes',
    options: { mutate: retitle('resources/icon.svg', 'resources\\icon.svg') },
    unsafe: true,
    message: /has title "resources\\\\icon\.svg", which is absolute or leaves the package; refused/,
  },
  {
    title: 'refuses a blob that is a symbolic link',
    alter: async ({ root, built }) => {
      await writeFile(join(root, 'outside.txt'), 'secret');
      await rm(built.blobFile('resources/icon.svg'));
      await symlink(join(root, 'outside.txt'), built.blobFile('resources/icon.svg'));
    },
    unsafe: true,
    message: /^layout: blobs\/sha256\/[0-9a-f]{64} is a symbolic link; refused, a link could leave the layout\./,
  },
  {
    title: 'refuses a blobs directory that is a symbolic link',
    alter: async ({ root, layout }) => {
      await rename(join(layout, 'blobs'), join(root, 'elsewhere'));
      await symlink(join(root, 'elsewhere'), join(layout, 'blobs'));
    },
    unsafe: true,
    message: /^layout: blobs is a symbolic link; refused/,
  },
  {
    title: 'refuses a layer digest that would name a path outside blobs/sha256',
    options: { mutate: (parts) => void (parts.layers[1]!.digest = 'sha256:../../x') },
    unsafe: true,
    message: /^layout: manifest layers\[1\] has digest "sha256:\.\.\/\.\.\/x", which would name a path outside blobs\/sha256; refused\.$/,
  },
  {
    title: 'refuses a manifest digest in index.json that would name a path outside blobs/sha256',
    options: { mutate: ({ index }) => void (index.manifests[0]!.digest = 'sha256:../../index.json') },
    unsafe: true,
    message: /^layout: index\.json manifests\[0\] has digest "sha256:\.\.\/\.\.\/index\.json", which would name a path outside blobs\/sha256; refused\.$/,
  },
  {
    title: 'refuses a blob larger than the file limit',
    load: { limits: { ...DEFAULT_LIMITS, maxFileBytes: 1024 } },
    unsafe: true,
    message: /^layout: blobs\/sha256\/[0-9a-f]{64} is \d+ bytes, over the 1024-byte limit; refused\.$/,
  },
  {
    title: 'asks for --tag when the index lists several manifests',
    options: secondManifest,
    unsafe: false,
    message: /^layout: index\.json lists 2 manifests \(tags: 2\.4\.1, 2\.4\.0\)\. Pass --tag to choose one\.$/,
  },
  {
    title: 'names the existing tags when the requested tag is not in the index',
    options: secondManifest,
    load: { tag: '9.9.9' },
    unsafe: false,
    message: /^layout: index\.json has no manifest tagged "9\.9\.9" \(tags: 2\.4\.1, 2\.4\.0\)\. Pass one of those with --tag\.$/,
  },
  {
    title: 'ends with an input error when index.json is not JSON',
    alter: async ({ layout }) => writeFile(join(layout, 'index.json'), '{ "manifests": [ '),
    unsafe: false,
    message: /^layout: index\.json is not valid JSON: .+\. Write the layout with/,
  },
  {
    title: 'ends with an input error when the manifest blob is missing',
    alter: async ({ layout, built }) => rm(join(layout, 'blobs', 'sha256', built.manifestDigest.slice(7))),
    unsafe: false,
    message: /^layout: manifest sha256:[0-9a-f]{64} named by index\.json is not in blobs\/sha256\./,
  },
  {
    title: 'ends with an input error when the oci-layout file names another layout version',
    alter: async ({ layout }) => writeFile(join(layout, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}'),
    unsafe: false,
    message: /^layout: oci-layout imageLayoutVersion is "2\.0\.0"; expected "1\.0\.0"\./,
  },
];

describe('loadOciLayoutPackage refusals', () => {
  it.each(REFUSALS)('$title', async ({ options, alter, load, unsafe, message }) => {
    const at = await scratch(RC3, options);
    await alter?.(at);
    const error = await loadOciLayoutPackage(at.layout, { location: 'layout', ...load }).then(
      () => undefined,
      (cause: unknown) => cause,
    );
    expect(error).toBeInstanceOf(Error);
    expect([error instanceof UnsafeInputError, (error as Error).message]).toEqual([unsafe, expect.stringMatching(message)]);
  });

  it('reads nothing outside the layout through a symlinked oci-layout file either', async () => {
    const { root, layout } = await scratch(RC3);
    await mkdir(join(root, 'other'));
    await writeFile(join(root, 'other', 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    await rm(join(layout, 'oci-layout'));
    await symlink(join(root, 'other', 'oci-layout'), join(layout, 'oci-layout'));
    expect(isOciLayout(layout)).toBe(true);
    await expect(loadOciLayoutPackage(layout, { location: 'layout' })).rejects.toThrow(UnsafeInputError);
  });
});
