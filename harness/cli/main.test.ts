import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { makeTarball } from '../../core/input/test-support/make-tarball.js';
import { main } from './main.js';

const VALID = fromPackageRoot('fixtures', 'packages', 'rc3', 'valid', 'line-monitor');
const INVALID = fromPackageRoot('fixtures', 'packages', 'rc3', 'invalid', 'pkg-007-uppercase-id');
let out: string;

beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'margo-cli-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, color: false });
  return { code, stdout, stderr };
}

describe('margo-conformance CLI', () => {
  it.each([
    ['a conformant package', VALID, 0, 'conformant'],
    ['a non-conformant package', INVALID, 1, 'non-conformant'],
  ])('exits with the verdict code for %s and writes all three reports', async (_what, path, code, verdict) => {
    const result = await run('package', path, '--out', out, '--json');
    expect(result.code).toBe(code);
    expect(JSON.parse(result.stdout).verdict).toBe(verdict);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'results.json']);
    expect(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')).verdict).toBe(verdict);
  });

  it('records the command that reproduces the run', async () => {
    const result = await run('package', INVALID, '--out', out, '--json', '--spec-version', 'latest');
    expect(JSON.parse(result.stdout).run.command).toBe(`margo-conformance package ${INVALID} --spec-version 1.0.0-rc.3`);
  });

  it('prints a human summary naming the failed requirement', async () => {
    const result = await run('package', INVALID, '--out', out);
    expect(result.stdout).toMatch(/^NON-CONFORMANT 1 core requirement failed: PKG-007\./);
    expect(result.stdout).toMatch(/\/margo\.yaml:\d+:\d+ PKG-007 fail: /);
  });

  it('exits 2 with a refused-input verdict for a tarball escaping its root', async () => {
    const tarball = join(out, 'evil.tar.gz');
    await writeFile(tarball, await makeTarball([{ name: '../../etc/cron.d/x', content: 'boom' }]));
    const result = await run('package', tarball, '--out', join(out, 'r'), '--json');
    expect(result.code).toBe(2);
    const results = JSON.parse(result.stdout);
    expect(results.verdict).toBe('error');
    expect(results.errors[0].message).toMatch(/^Input refused: .*contains a "\.\." segment; refused before extraction/);
  });

  it.each([
    [['package', VALID, '--colour'], /^margo-conformance package: unknown option --colour\. Run 'margo-conformance package --help' for the options\.\n$/],
    [['package'], /expected at least one <path>/],
    [['package', VALID, '--spec-version', 'rc.9'], /unknown spec version "rc\.9"; expected one of 1\.0\.0-rc\.3, preview-1 or latest\./],
    [['lint'], /^margo-conformance: unknown command "lint"\. Run 'margo-conformance --help' for the commands\.\n$/],
    [['requirements', '--profile', 'toaster'], /unknown profile "toaster"; expected one of application-package, compose-security, device-compose, device-helm, device-wasm, wfm\./],
  ])('exits 2 with a one-line usage error for %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 and says what it accepts when the path does not exist', async () => {
    const result = await run('package', join(out, 'missing'), '--out', out);
    expect(result.code).toBe(2);
    expect([result.stdout, result.stderr]).toEqual(['', `margo-conformance package: ${join(out, 'missing')} does not exist. Give a package directory, a .tar.gz, a margo.yaml or an OCI image layout.\n`]);
  });

  it('prints help for every command', async () => {
    for (const argv of [['--help'], ['package', '--help'], ['requirements', '--help']]) {
      const result = await run(...argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: margo-conformance/);
    }
  });

  it('lists the catalog for a profile and edition as JSON', async () => {
    const result = await run('requirements', '--profile', 'application-package', '--spec-version', 'preview-1', '--json');
    const rows = JSON.parse(result.stdout) as { id: string; editions: string[] }[];
    expect(rows.map((r) => r.id)).toContain('PKG-012');
    expect(rows.map((r) => r.id)).not.toContain('PKG-013');
    expect(rows.every((r) => r.editions.includes('preview-1'))).toBe(true);
  });
});
