import { mkdtemp, readFile, rm, symlink, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsafeInputError } from '../../../core/input/limits.js';
import { fromPackageRoot } from '../../../core/package-root.js';
import { makeTarball, type TarSpec } from '../../../core/input/test-support/make-tarball.js';
import { loadPackage } from './load-package.js';

const MINIMAL = fromPackageRoot('fixtures', 'packages', 'rc3', 'valid', 'minimal', 'margo.yaml');
let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'margo-load-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function tarballOf(entries: TarSpec[]): Promise<string> {
  const path = join(work, 'package.tar.gz');
  await writeFile(path, await makeTarball(entries));
  return path;
}

describe('loadPackage', () => {
  it('reads a lone margo.yaml as a description without package files', async () => {
    const pkg = await loadPackage(MINIMAL);
    expect(pkg.format).toBe('description');
    expect(pkg.files).toBeUndefined();
    expect(pkg.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pkg.description.problems).toEqual([]);
  });

  it('reads a tarball whose package sits in one top-level directory', async () => {
    const margo = await readFile(MINIMAL, 'utf8');
    const pkg = await loadPackage(await tarballOf([{ name: 'hello/margo.yaml', content: margo }, { name: 'hello/resources/readme.md', content: '# hi' }]));
    expect(pkg.format).toBe('tarball');
    expect([...(pkg.files?.keys() ?? [])]).toEqual(['margo.yaml', 'resources/readme.md']);
    expect(pkg.descriptionCandidates).toEqual(['margo.yaml']);
  });

  it('reads a directory and counts a second description at the root', async () => {
    await cp(MINIMAL, join(work, 'margo.yaml'));
    await cp(MINIMAL, join(work, 'other.yaml'));
    const pkg = await loadPackage(work);
    expect(pkg.format).toBe('directory');
    expect(pkg.descriptionCandidates).toEqual(['margo.yaml', 'other.yaml']);
  });

  it.each([
    ['a ".." entry', [{ name: '../evil.sh', content: 'x' }], /entry \.\.\/evil\.sh contains a "\.\." segment; refused before extraction/],
    ['an absolute entry', [{ name: '/etc/passwd', content: 'x' }], /entry \/etc\/passwd has an absolute path/],
    ['a symlink leaving the root', [{ name: 'margo.yaml', type: 'symlink' as const, linkname: '../../etc/passwd' }], /symlink margo\.yaml points outside the archive/],
    ['an absolute symlink', [{ name: 'resources/x', type: 'symlink' as const, linkname: '/etc/shadow' }], /symlink resources\/x points at the absolute path \/etc\/shadow/],
    ['a hard link leaving the root', [{ name: 'x', type: 'link' as const, linkname: '../outside' }], /link x points outside the archive/],
    ['a device file', [{ name: 'dev', type: 'character-device' as const }], /entry dev is a device, FIFO or other special file/],
  ])('refuses a tarball with %s', async (_what, entries, message) => {
    const path = await tarballOf(entries as TarSpec[]);
    const error = await loadPackage(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeInputError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a gzip bomb before it expands past the limit', async () => {
    const path = await tarballOf([{ name: 'margo.yaml', content: Buffer.alloc(4 * 1024 * 1024) }]);
    const limits = { maxFileBytes: 16 << 20, maxTotalBytes: 1 << 20, maxEntries: 100, maxYamlBytes: 1 << 20, maxYamlAliases: 100, maxYamlDepth: 64 };
    await expect(loadPackage(path, { limits })).rejects.toThrow(/archive expands beyond 1048576 bytes; refused/);
  });

  it('refuses a directory holding a symbolic link', async () => {
    await cp(MINIMAL, join(work, 'margo.yaml'));
    await symlink('/etc/passwd', join(work, 'passwd'));
    await expect(loadPackage(work)).rejects.toThrow(/passwd is a symbolic link; packages must not contain links/);
  });

  it('says what it accepts when the path does not exist', async () => {
    await expect(loadPackage(join(work, 'nope'))).rejects.toThrow(/no such file or directory\. Give a package directory, a \.tar\.gz, a margo\.yaml or an OCI image layout\./);
  });
});
