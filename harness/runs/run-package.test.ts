import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOciLayout } from '../../suites/package-format/test-support/oci-layout-builder.js';
import { EDITIONS } from '../../core/catalog/editions.js';
import { makeTarball } from '../../core/input/test-support/make-tarball.js';
import { fromPackageRoot } from '../../core/package-root.js';
import { runPackage } from './run-package.js';

const LINE_MONITOR = fromPackageRoot('fixtures', 'packages', 'rc3', 'valid', 'line-monitor');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'margo-run-package-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('runPackage on every input form', () => {
  it('judges the same package alike as a directory, a tarball and an OCI image layout', async () => {
    const tarball = join(work, 'line-monitor.tar.gz');
    const entries = await Promise.all((await filesOf(LINE_MONITOR)).map(async (name) => ({ name: `line-monitor/${name}`, content: await readFile(join(LINE_MONITOR, name)) })));
    await writeFile(tarball, await makeTarball(entries));
    const layout = join(work, 'oci');
    await buildOciLayout(LINE_MONITOR, layout, { tag: '2.4.1' });

    const verdicts: Record<string, { verdict: string; format?: string; failing: string[]; digest?: string }> = {};
    for (const path of [LINE_MONITOR, tarball, layout]) {
      const results = await runPackage({ path, edition: EDITIONS['1.0.0-rc.3'] });
      verdicts[results.subject.format ?? '?'] = {
        verdict: results.verdict,
        failing: results.requirements.filter((r) => r.outcome === 'fail').map((r) => r.id),
        ...(results.subject.digest ? { digest: results.subject.digest.slice(0, 7) } : {}),
      };
    }
    expect(verdicts).toEqual({
      directory: { verdict: 'conformant', failing: [] },
      tarball: { verdict: 'conformant', failing: [], digest: 'sha256:' },
      'oci-layout': { verdict: 'conformant', failing: [], digest: 'sha256:' },
    });
  });

  it('decides the OCI packaging requirements only for an OCI image layout', async () => {
    const layout = join(work, 'oci-2');
    await buildOciLayout(LINE_MONITOR, layout, { tag: '2.4.1' });
    const outcomes = async (path: string) =>
      Object.fromEntries((await runPackage({ path, edition: EDITIONS['1.0.0-rc.3'], only: ['PKG-029', 'PKG-032'] })).requirements.map((r) => [r.id, r.outcome]));
    expect(await outcomes(layout)).toEqual({ 'PKG-029': 'pass', 'PKG-032': 'pass' });
    expect(await outcomes(LINE_MONITOR)).toEqual({ 'PKG-029': 'skip', 'PKG-032': 'skip' });
  });

  it('skips the checks that need the rest of the package when given only margo.yaml', async () => {
    const results = await runPackage({ path: join(LINE_MONITOR, 'margo.yaml'), edition: EDITIONS['1.0.0-rc.3'], only: ['PKG-039', 'PKG-043'] });
    expect(results.requirements.map((r) => [r.id, r.outcome])).toEqual([
      ['PKG-039', 'skip'],
      ['PKG-043', 'skip'],
    ]);
    expect(results.results.map((r) => r.message)).toEqual([
      'Only margo.yaml was given, so the rest of the package cannot be looked at.',
      'Only margo.yaml was given, so resource files cannot be looked for.',
    ]);
  });
});
