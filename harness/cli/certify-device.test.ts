import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILES, COMPILED_CLI, productYaml, runCli } from './test-support/run-cli.js';

/** `certify` against the bundled reference device (device-compose), both editions, through the compiled CLI. */
const RUN_TIMEOUT_MS = 600_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'margo-certify-device-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(COMPILED_CLI))('margo-conformance certify against the bundled reference device', () => {
  it.each(['1.0.0-rc.3', 'preview-1'])('certifies the reference device-compose device (%s) into a bundle that verify accepts', async (edition) => {
    const product = join(dir, `device-${edition}.yaml`);
    await writeFile(product, productYaml('device-compose', edition));
    const out = join(dir, edition);
    const certified = await runCli(['certify', '--profile', 'device-compose', '--product', product, '--out', out, '--quiet']);
    const results = JSON.parse(await readFile(join(out, 'certification-bundle', 'results.json'), 'utf8')) as { verdict: string; completeness: { complete: boolean }; profile: { id: string }; edition: { id: string } };
    expect({ verdict: results.verdict, code: certified.code, profile: results.profile.id, edition: results.edition.id }).toEqual({
      verdict: 'conformant',
      code: results.completeness.complete ? 0 : 3,
      profile: 'device-compose',
      edition,
    });
    expect((await readdir(join(out, 'certification-bundle'))).sort()).toEqual(BUNDLE_FILES);
    expect(await readFile(join(out, 'certification-bundle', 'sut-logs.txt'), 'utf8')).toMatch(/^=== device [^\n]+ ===\n\{/);
    const verified = await runCli(['verify', join(out, 'certification-bundle.tar.gz'), '--key', join(out, 'signing-key.pub.pem')]);
    expect({ code: verified.code, stdout: verified.stdout.trim(), stderr: verified.stderr }).toEqual({
      code: 0,
      stdout: `${join(out, 'certification-bundle.tar.gz')}: verified (signature, 8 files, schema, verdict, evidence)`,
      stderr: '',
    });
  }, RUN_TIMEOUT_MS);
});
