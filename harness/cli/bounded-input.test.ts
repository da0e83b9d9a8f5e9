import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, USER_FILE_LIMITS } from '../../core/input/limits.js';
import { readCapabilitiesFile } from '../../reference/device/capabilities/read-capabilities-file.js';
import { parseDeviceArgs } from '../../reference/device/parse-device-args.js';
import { parseWfmArgs } from '../../reference/wfm/parse-wfm-args.js';
import { main } from './main.js';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'margo-bounded-cli-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const run = (...argv: string[]) => runIn('out', ...argv);

/** The CLI with `--out` under the test's directory (the reports, or for `pki` the PKI directory). */
async function runIn(out: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--out', join(work, out)], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, color: false });
  return { code, stdout, stderr };
}

/** A sparse file of `size` bytes: no disk is used, and a reader that reads it whole would show. */
async function sparse(name: string, size: number): Promise<string> {
  const path = join(work, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '');
  await truncate(path, size);
  return path;
}

const over = (path: string, size: number, limit: number) => `${path}: ${size} bytes, over the ${limit}-byte limit; refused. Give a file of at most ${limit} bytes.`;
const MB400 = 400 * 1024 * 1024;
const COMPOSE = 'services:\n  app:\n    image: example/app:1\n';

describe('every file a user names is read bounded', () => {
  it.each([
    {
      title: 'compose --env-file over its limit',
      argv: async () => ['compose', await sparse('c.yaml', 0), '--env-file', await sparse('big.env', USER_FILE_LIMITS.envFile + 1)],
      stderr: () => `margo-conformance compose: --env-file ${over(join(work, 'big.env'), USER_FILE_LIMITS.envFile + 1, USER_FILE_LIMITS.envFile)}\n`,
    },
    {
      title: 'compose --env-file of 400 MB, not read whole',
      argv: async () => ['compose', await sparse('c.yaml', 0), '--env-file', await sparse('big.env', MB400)],
      stderr: () => `margo-conformance compose: --env-file ${over(join(work, 'big.env'), MB400, USER_FILE_LIMITS.envFile)}\n`,
    },
    {
      title: 'compose --env-file /dev/zero, refused at once',
      argv: async () => ['compose', await sparse('c.yaml', 0), '--env-file', '/dev/zero'],
      stderr: () => `margo-conformance compose: --env-file /dev/zero: more than ${USER_FILE_LIMITS.envFile} bytes; refused. Give a file of at most ${USER_FILE_LIMITS.envFile} bytes.\n`,
    },
    {
      title: 'compose --waivers over its limit',
      argv: async () => ['compose', await sparse('c.yaml', 0), '--waivers', await sparse('w.yaml', USER_FILE_LIMITS.waivers + 1)],
      stderr: () => `margo-conformance compose: --waivers ${over(join(work, 'w.yaml'), USER_FILE_LIMITS.waivers + 1, USER_FILE_LIMITS.waivers)}\n`,
    },
    {
      title: 'pki --out DIR holding a PKI file over its limit',
      argv: async () => (await sparse('pki/.ca/ca.json', USER_FILE_LIMITS.pki + 1), ['pki']),
      stderr: () => `margo-conformance: test PKI file ${over(join(work, 'pki', '.ca', 'ca.json'), USER_FILE_LIMITS.pki + 1, USER_FILE_LIMITS.pki)}\n`,
      out: 'pki',
    },
    {
      title: 'run --profile wfm --pki DIR holding a PKI file over its limit',
      argv: async () => (await sparse('pki/.ca/ca.json', USER_FILE_LIMITS.pki + 1), ['run', '--profile', 'wfm', '--target', 'https://127.0.0.1:9', '--pki', join(work, 'pki')]),
      stderr: () => `margo-conformance: test PKI file ${over(join(work, 'pki', '.ca', 'ca.json'), USER_FILE_LIMITS.pki + 1, USER_FILE_LIMITS.pki)}\n`,
    },
  ])('$title: exit 2 with one line', async ({ argv, stderr, out }: { argv: () => Promise<string[]>; stderr: () => string; out?: string }) => {
    const result = await runIn(out ?? 'out', ...(await argv()));
    expect([result.code, result.stderr]).toEqual([2, stderr()]);
  });

  it.each([
    { title: 'a Compose file of 400 MB', command: 'compose', path: () => sparse('c.yaml', MB400), message: () => `Input refused: input ${over(join(work, 'c.yaml'), MB400, DEFAULT_LIMITS.maxFileBytes)}` },
    { title: 'a Compose file that is /dev/zero', command: 'compose', path: async () => '/dev/zero', message: () => `Input refused: input /dev/zero: more than ${DEFAULT_LIMITS.maxFileBytes} bytes; refused. Give a file of at most ${DEFAULT_LIMITS.maxFileBytes} bytes.` },
    { title: 'a package that is /dev/zero', command: 'package', path: async () => '/dev/zero', message: () => `Input refused: package /dev/zero: more than ${DEFAULT_LIMITS.maxFileBytes} bytes; refused. Give a file of at most ${DEFAULT_LIMITS.maxFileBytes} bytes.` },
    {
      title: 'run --mock-wfm-pki DIR holding a PKI file over its limit',
      command: 'run',
      path: async () => (await sparse('pki/.ca/ca.json', USER_FILE_LIMITS.pki + 1), join(work, 'pki')),
      message: () => `Input refused: test PKI file ${over(join(work, 'pki', '.ca', 'ca.json'), USER_FILE_LIMITS.pki + 1, USER_FILE_LIMITS.pki)}`,
    },
  ])('$title: a run error, exit 2', async ({ command, path, message }) => {
    const target = await path();
    const argv = command === 'run' ? ['run', '--profile', 'device-compose', '--mock-wfm-port', '1', '--mock-wfm-pki', target, '--json'] : [command, target, '--json'];
    const result = await run(...argv);
    const results = JSON.parse(await readFile(join(work, 'out', 'results.json'), 'utf8')) as { verdict: string; errors: { message: string }[] };
    expect([result.code, results.verdict, results.errors.map((e) => e.message)]).toEqual([2, 'error', [message()]]);
  });

  it('refuses a capabilities file over its limit (launch contract, reference device)', async () => {
    const path = await sparse('capabilities.json', USER_FILE_LIMITS.capabilities + 1);
    await expect(readCapabilitiesFile(path)).rejects.toThrow(`capabilities file ${over(path, USER_FILE_LIMITS.capabilities + 1, USER_FILE_LIMITS.capabilities)}`);
  });

  it.each([
    { title: 'reference device --trust-bundle', parse: (pem: string) => parseDeviceArgs(['--wfm-url', 'https://127.0.0.1:1', '--device-id', 'd', '--trust-bundle', pem, '--svid-cert', pem, '--svid-key', pem], {}), flag: '--trust-bundle' },
    { title: 'reference WFM --cert', parse: (pem: string) => parseWfmArgs(['--cert', pem, '--key', pem, '--ca', pem], {}), flag: '--cert' },
  ])('refuses a PEM file over its limit: $title', async ({ parse, flag }) => {
    const pem = await sparse('big.pem', USER_FILE_LIMITS.pki + 1);
    const error = (() => {
      try {
        parse(pem);
        return undefined;
      } catch (cause) {
        return cause as Error;
      }
    })();
    expect(error?.message).toMatch(new RegExp(`^${flag} ${escape(over(pem, USER_FILE_LIMITS.pki + 1, USER_FILE_LIMITS.pki))}$`));
  });
});

describe('bombs and nesting are a run error, exit 2', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]'].join('\n') + '\n';
  const chain = (depth: number) => '${V:-'.repeat(depth) + 'x' + '}'.repeat(depth);
  it.each([
    { title: 'an alias bomb margo.yaml in a package directory', command: 'package', file: 'pkg/margo.yaml', text: bomb, path: 'pkg', message: /^Input refused: .*pkg: margo\.yaml: aliases expand beyond 100 references; refused \(.*\)\. Give a document within the limits\.$/ },
    { title: 'an alias bomb margo.yaml given alone', command: 'package', file: 'margo.yaml', text: bomb, path: 'margo.yaml', message: /^Input refused: .*margo\.yaml: aliases expand beyond 100 references; refused \(.*\)\. Give a document within the limits\.$/ },
    { title: 'an alias bomb Compose file', command: 'compose', file: 'compose.yaml', text: bomb, path: 'compose.yaml', message: /^Input refused: compose\.yaml: aliases expand beyond 100 references; refused \(.*\)\. Give a document within the limits\.$/ },
    {
      title: 'a 30,000-deep ${V:-...} chain',
      command: 'compose',
      file: 'compose.yaml',
      text: `services:\n  app:\n    image: "${chain(30_000)}"\n`,
      path: 'compose.yaml',
      message: /^Input refused: compose\.yaml \/services\/app\/image: \$\{\.\.\.\} interpolation nests deeper than 32 levels; refused\. Flatten the nested defaults\.$/,
    },
    { title: 'a 30,000-deep unquoted chain (YAML flow nesting)', command: 'compose', file: 'compose.yaml', text: `services:\n  app:\n    image: ${chain(30_000)}\n`, path: 'compose.yaml', message: /^Input refused: compose\.yaml: nesting is deeper than 64 levels; refused\. Give a document within the limits\.$/ },
  ])('$title', async ({ command, file, text, path, message }) => {
    await mkdir(join(work, file, '..'), { recursive: true });
    await writeFile(join(work, file), text);
    const result = await run(command, join(work, path), '--json');
    const results = JSON.parse(result.stdout) as { verdict: string; errors: { message: string }[]; requirements: { id: string; outcome: string }[] };
    expect([result.code, results.verdict, results.errors.length]).toEqual([2, 'error', 1]);
    expect(results.errors[0]?.message).toMatch(message);
    expect(results.errors[0]?.message).not.toContain('\n');
    expect(results.requirements.filter((r) => r.outcome === 'fail').map((r) => r.id)).toEqual([]);
  });

  it('leaves a Compose file within the limits free of run errors', async () => {
    await writeFile(join(work, 'compose.yaml'), COMPOSE);
    const result = await run('compose', join(work, 'compose.yaml'), '--json');
    expect(JSON.parse(result.stdout).errors).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

