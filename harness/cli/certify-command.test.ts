import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { WFM_FAULTS } from '../../reference/wfm/faults.js';
import { BUNDLE_FILES, COMPILED_CLI, productYaml, runCli } from './test-support/run-cli.js';

/** `certify`, `verify` and `diff` as a lab runs them: the compiled CLI against the bundled reference WFM. */
const cli = COMPILED_CLI;
const referenceWfm = fromPackageRoot('dist', 'reference', 'wfm', 'main.js');
const RUN_TIMEOUT_MS = 300_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'margo-certify-'));
  await writeFile(join(dir, 'wfm-rc3.yaml'), productYaml('wfm', '1.0.0-rc.3'));
  await writeFile(join(dir, 'wfm-preview1.yaml'), productYaml('wfm', 'preview-1'));
  await writeFile(join(dir, 'device.yaml'), productYaml('device-compose', '1.0.0-rc.3'));
  await writeFile(join(dir, 'invalid.yaml'), 'vendor: Example Labs\n');
  await writeFile(join(dir, 'not-a-key.pem'), 'hello\n');
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(cli))('margo-conformance certify refusals', () => {
  const product = () => join(dir, 'wfm-rc3.yaml');
  const refusals: { what: string; args: () => string[]; line: RegExp }[] = [
    { what: '--only', args: () => ['--only', 'DS-005'], line: /^margo-conformance certify: --only is refused; that would not be a certification result\.$/ },
    { what: '--feature', args: () => ['--feature', 'gateway'], line: /^margo-conformance certify: --feature is refused;/ },
    { what: '--pki', args: () => ['--pki', dir], line: /^margo-conformance certify: --pki is refused;/ },
    { what: '--mock-wfm-port', args: () => ['--mock-wfm-port', '9443'], line: /^margo-conformance certify: --mock-wfm-port is refused;/ },
    { what: '--waivers', args: () => ['--waivers', 'w.yaml'], line: /^margo-conformance certify: --waivers is refused;/ },
    { what: '--json', args: () => ['--json'], line: /^margo-conformance certify: --json is refused;/ },
    { what: 'a declaration of another profile', args: () => ['--profile', 'device-compose'], line: /wfm-rc3\.yaml declares profile wfm, not device-compose; that would not be a certification result\.$/ },
    { what: 'a --spec-version the declaration does not', args: () => ['--spec-version', 'preview-1'], line: /wfm-rc3\.yaml declares edition 1\.0\.0-rc\.3, not preview-1;/ },
    { what: 'an invalid declaration', args: () => ['--product', join(dir, 'invalid.yaml')], line: /^margo-conformance certify: .*invalid\.yaml.*must have required property/ },
    { what: 'a missing declaration', args: () => ['--product', join(dir, 'absent.yaml')], line: /^margo-conformance certify: .*absent\.yaml/ },
    { what: 'a --sign-key that is no key', args: () => ['--sign-key', join(dir, 'not-a-key.pem')], line: /^margo-conformance certify: --sign-key .*not-a-key\.pem/ },
    { what: 'an unreadable --sign-key', args: () => ['--sign-key', join(dir, 'absent.pem')], line: /^margo-conformance certify: --sign-key .*absent\.pem: cannot read the file\./ },
  ];
  it.each(refusals)('refuses $what with exit 2 and one line, writing nothing', async ({ args, line }) => {
    const out = join(dir, 'refused');
    const given = args();
    // A flag the case gives replaces the base's.
    const result = await runCli(['certify', ...dedupe(['--profile', 'wfm', '--product', product(), '--out', out, ...given])]);
    expect({ code: result.code, lines: result.stderr.trimEnd().split('\n').length, out: existsSync(out) }).toEqual({ code: 2, lines: 1, out: false });
    expect(result.stderr.trimEnd()).toMatch(line);
  });
});

/** Keeps the last value of each `--flag value` pair, in first-seen order. */
function dedupe(args: string[]): string[] {
  const pairs = new Map<string, string | undefined>();
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] as string;
    const value = args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('--') ? args[(i += 1)] : undefined;
    pairs.set(flag, value);
  }
  return [...pairs].flatMap(([flag, value]) => (value === undefined ? [flag] : [flag, value]));
}

describe.skipIf(!existsSync(cli)).sequential('margo-conformance certify, verify and diff against the bundled reference WFM', () => {
  const bundles = new Map<string, string>();

  it.each([
    { edition: '1.0.0-rc.3', product: 'wfm-rc3.yaml' },
    { edition: 'preview-1', product: 'wfm-preview1.yaml' },
  ])('certifies the reference WFM ($edition) into a bundle that verify accepts', async ({ edition, product }) => {
    const out = join(dir, `wfm-${edition}`);
    const certified = await runCli(['certify', '--profile', 'wfm', '--product', join(dir, product), '--out', out, '--quiet']);
    const results = JSON.parse(await readFile(join(out, 'certification-bundle', 'results.json'), 'utf8')) as { verdict: string; completeness: { complete: boolean }; product: { product: string }; subject: { reference?: boolean } };
    expect({ verdict: results.verdict, code: certified.code, product: results.product.product, reference: results.subject.reference }).toEqual({
      verdict: 'conformant',
      code: results.completeness.complete ? 0 : 3,
      product: 'Fleet Box',
      reference: true,
    });
    expect((await readdir(join(out, 'certification-bundle'))).sort()).toEqual(BUNDLE_FILES);
    expect(await readFile(join(out, 'certification-bundle', 'sut-logs.txt'), 'utf8')).toMatch(/^=== wfm ===\n/);
    const key = join(out, 'signing-key.pub.pem');
    const verified = [await runCli(['verify', join(out, 'certification-bundle'), '--key', key]), await runCli(['verify', join(out, 'certification-bundle.tar.gz'), '--key', key])];
    expect(verified.map((v) => ({ code: v.code, stderr: v.stderr }))).toEqual([{ code: 0, stderr: '' }, { code: 0, stderr: '' }]);
    bundles.set(edition, join(out, 'certification-bundle'));
  }, RUN_TIMEOUT_MS);

  const fault = WFM_FAULTS.find((f) => f.id === 'manifest-cache-public-immutable')!;
  it(`names exactly the requirements of the reference fault ${fault.id} (${fault.breaks.join(', ')}) as new failures`, async () => {
    const clean = bundles.get('1.0.0-rc.3');
    if (!clean) throw new Error('the clean rc.3 bundle of the test before is missing; run the whole file');
    const out = join(dir, 'wfm-fault');
    const faulty = await runCli(['certify', '--profile', 'wfm', '--product', join(dir, 'wfm-rc3.yaml'), '--out', out, '--quiet', '--sut-command', `MARGO_FAULTS=${fault.id} "${process.execPath}" "${referenceWfm}"`]);
    expect({ code: faulty.code, stderr: faulty.stderr }).toEqual({ code: 1, stderr: '' });
    const diff = await runCli(['diff', clean, join(out, 'certification-bundle.tar.gz'), '--json']);
    const parsed = JSON.parse(diff.stdout) as { verdict: { a: string; b: string }; newFailures: string[]; fixed: string[] };
    expect({ code: diff.code, verdict: parsed.verdict, newFailures: parsed.newFailures, fixed: parsed.fixed }).toEqual({
      code: 1,
      verdict: { a: 'conformant', b: 'non-conformant' },
      newFailures: [...fault.breaks].sort(),
      fixed: [],
    });
    const text = await runCli(['diff', clean, join(out, 'certification-bundle')]);
    expect(text.stdout).toContain(`\nNew failures: ${[...fault.breaks].sort().join(', ')}\n`);
  }, RUN_TIMEOUT_MS);
});
