import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from './test-pki.js';
import { writeTestPki } from './write-test-pki.js';

let pki: TestPki;
let dir: string;
beforeAll(async () => {
  pki = await createTestPki();
  dir = await mkdtemp(join(tmpdir(), 'margo-test-pki-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('writeTestPki', () => {
  it('writes certificates 0644 and keys 0600, including extra credentials', async () => {
    const client = await pki.issueClient('dev-1');
    await writeTestPki(pki, dir, { 'dev-1': client });
    const names = (await readdir(dir)).sort();
    const modes = await Promise.all(names.map(async (name) => [name, ((await stat(join(dir, name))).mode & 0o777).toString(8)]));
    expect(modes).toEqual([
      ['bundle.json', '644'],
      ['ca.pem', '644'],
      ['dev-1.key', '600'],
      ['dev-1.pem', '644'],
      ['foreign-ca.pem', '644'],
      ['intermediate.pem', '644'],
      ['wfm.key', '600'],
      ['wfm.pem', '644'],
    ]);
  });

  it('writes the same material the PKI holds', async () => {
    const written = await writeTestPki(pki, dir);
    const read = (name: string) => readFile(written[name] ?? '', 'utf8');
    expect([await read('ca.pem'), await read('wfm.pem'), await read('wfm.key'), JSON.parse(await read('bundle.json'))]).toEqual([
      pki.bundlePem,
      pki.wfm.certPem,
      pki.wfm.keyPem,
      pki.spiffeBundle(),
    ]);
  });

  it('rejects an extra credential name that would leave the directory', async () => {
    await expect(writeTestPki(pki, dir, { '../escape': pki.wfm })).rejects.toThrow(
      'writeTestPki: credential name "../escape" is not a plain file stem. Use letters, digits, ".", "_" or "-".',
    );
  });
});
