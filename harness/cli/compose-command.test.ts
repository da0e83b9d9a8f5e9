import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { composeCommand } from './compose-command.js';
import { UsageError } from './usage-error.js';

const RULES = fromPackageRoot('fixtures', 'compose', 'rules');
const CORPUS = fromPackageRoot('fixtures', 'compose', 'corpus');
let out: string;

beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'margo-compose-cli-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function run(...args: string[]) {
  let stdout = '';
  const code = await composeCommand([...args, '--out', out], { stdout: (t) => (stdout += t), stderr: () => undefined, env: {}, color: false });
  return { code, stdout };
}

describe('margo-conformance compose', () => {
  it.each([
    ['a baseline-clean corpus file at baseline', join(CORPUS, '01-web-app-postgres.yaml'), 'baseline', 0],
    ['the same file at restricted', join(CORPUS, '01-web-app-postgres.yaml'), 'restricted', 1],
    ['a host-network file at baseline', join(RULES, 'invalid', 'mcs-004-host-network.yaml'), 'baseline', 1],
    ['the same file at privileged', join(RULES, 'invalid', 'mcs-004-host-network.yaml'), 'privileged', 0],
  ])('exits with the right code for %s', async (_what, path, level, code) => {
    const result = await run(path, '--level', level, '--json');
    expect(result.code).toBe(code);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'results.json']);
  });

  it('takes variables from --env-file and --env, --env winning, and records only their names', async () => {
    const envFile = join(out, 'vars.env');
    await writeFile(envFile, 'NET=host\n');
    const compose = join(out, 'compose.yaml');
    await writeFile(compose, 'services:\n  s:\n    image: i:1\n    network_mode: ${NET}\n');
    expect((await run(compose, '--env-file', envFile)).code).toBe(1);
    const result = await run(compose, '--env-file', envFile, '--env', 'NET=bridge', '--json');
    expect(result.code).toBe(0);
    const results = JSON.parse(result.stdout);
    expect(results.config).toMatchObject({ level: 'baseline', variables: ['NET'] });
    expect(results.run.command).toContain("--env 'NET=<redacted>'");
  });

  it('turns a finding into a waived one with its reason, in results.json and SARIF', async () => {
    const waivers = join(out, 'waivers.yaml');
    await writeFile(waivers, 'waivers:\n  - rule: MCS-012\n    service: app\n    reason: Reads the RS-485 adapter of the press.\n    expires: 2999-12-31\n');
    const sarif = join(out, 'scan.sarif');
    const result = await run(join(RULES, 'invalid', 'mcs-012-serial-device.yaml'), '--waivers', waivers, '--sarif', sarif, '--json');
    expect(result.code).toBe(0);
    expect(JSON.stringify(JSON.parse(result.stdout).results)).toContain('waived until 2999-12-31: Reads the RS-485 adapter of the press.');
    const run0 = JSON.parse(await readFile(sarif, 'utf8')).runs[0];
    expect(run0.results.find((r: { ruleId: string }) => r.ruleId === 'MCS-012').suppressions[0].justification).toBe('Reads the RS-485 adapter of the press. (expires 2999-12-31)');
  });

  it.each([
    [['a.yaml', 'b.yaml'], 'expected one <compose.yaml | archive.tar.gz>, got 2'],
    [['a.yaml', '--level', 'lenient'], 'unknown level "lenient"; expected one of privileged, baseline, restricted.'],
    [['a.yaml', '--env', 'NOVALUE'], '--env "NOVALUE" is not KEY=VALUE'],
    [['a.yaml', '--waivers', '/nonexistent/w.yaml'], '--waivers /nonexistent/w.yaml cannot be read (ENOENT)'],
  ])('refuses %j with a usage error', async (args, message) => {
    await expect(run(...args)).rejects.toThrow(UsageError);
    await expect(run(...args)).rejects.toThrow(message);
  });
});
