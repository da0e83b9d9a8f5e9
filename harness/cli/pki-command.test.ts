import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'margo-pki-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, color: false });
  return { code, stdout, stderr };
}

describe('pki --out', () => {
  it.each([
    ['an existing file', async () => writeFile(join(dir, 'taken'), 'x').then(() => join(dir, 'taken')), /^margo-conformance pki: --out .*taken exists and is not a directory; name a new or existing directory\.\n$/],
    ['a path below a file', async () => writeFile(join(dir, 'taken'), 'x').then(() => join(dir, 'taken', 'pki')), /^margo-conformance pki: cannot write the test PKI to .*taken\/pki \(ENOTDIR: .*\); name a directory you can write\.\n$/],
  ])('refuses %s with one line and exit 2', async (_what, target, message) => {
    const result = await run('pki', '--out', await target());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('writes the PKI into a new directory', async () => {
    const result = await run('pki', '--out', join(dir, 'new'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote the test PKI of trust domain /);
    expect((await readdir(join(dir, 'new'))).length).toBeGreaterThan(0);
  });
});
