import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fromPackageRoot } from '../../core/package-root.js';
import { main } from './main.js';

interface Example {
  file: string;
  /** Every shell script of the example, one string each. */
  scripts: string[];
  env: Record<string, string>;
}

async function loadExample(file: string): Promise<Example> {
  const doc = parse(await readFile(fromPackageRoot('docs', file), 'utf8'), { merge: true }) as Record<string, unknown>;
  const scripts: string[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (typeof node === 'string' && (key === 'run' || key === 'script' || key === 'before_script')) scripts.push(node);
    else if (Array.isArray(node)) node.forEach((item) => (key === 'script' || key === 'before_script' ? walk(item, key) : walk(item)));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(doc);
  const env = (doc.env ?? doc.variables ?? {}) as Record<string, string>;
  return { file, scripts, env };
}

/** The margo-conformance command lines of the scripts, continuation lines joined, as argv after the program name. */
function commandsOf(example: Example, env: Record<string, string>): string[][] {
  const lines = example.scripts.flatMap((script) => script.replace(/\\\n\s*/g, ' ').split('\n'));
  return lines
    .map((line) => line.trim())
    .filter((line) => /^(npx )?margo-conformance /.test(line))
    .map((line) => words(line.replace(/^npx /, ''), env).slice(1));
}

/** Shell words with "double quotes" and $VAR / ${VAR} / ${{ env.VAR }} expanded from env; an unknown variable fails the test. */
function words(line: string, env: Record<string, string>): string[] {
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*env\.(\w+)\s*\}\}|\$\{(\w+)\}|\$(\w+)/g, (_, a?: string, b?: string, c?: string) => {
      const name = (a ?? b ?? c)!;
      if (env[name] === undefined) throw new Error(`${line}: $${name} is not set in the example`);
      return env[name];
    });
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => expand(m[1] ?? m[2]!));
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, color: false });
  return { code, stdout, stderr };
}

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'margo-ci-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe.each([['ci-github-actions.yml'], ['ci-gitlab.yml']])('docs/%s', (file) => {
  it('installs the kit from its repository with npm pack, never from the npm registry by name', async () => {
    const scripts = (await loadExample(file)).scripts.join('\n');
    expect(scripts).toMatch(/npm pack --ignore-scripts --pack-destination /);
    expect(scripts).toMatch(/npm install --global \S*margo-conformance-\*\.tgz/);
    expect(scripts).not.toMatch(/npm (install|i) (--global |-g )?margo-conformance@/);
  });

  it('uses only flags the CLI has, with the values it takes', async () => {
    const example = await loadExample(file);
    const commands = commandsOf(example, { ...example.env, RUNNER_TEMP: '/tmp', CI_REGISTRY_IMAGE: 'registry.example.test/acme/wfm', CI_COMMIT_SHA: '0123abc' });
    expect(commands.map((argv) => argv[0])).toEqual(['package', 'run']);
    for (const argv of commands) {
      // Strict parsing runs before --help is honoured: an unknown flag or a missing value is exit 2.
      const result = await cli([...argv, '--help']);
      expect({ argv, code: result.code, stderr: result.stderr }).toEqual({ argv, code: 0, stderr: '' });
      expect(result.stdout).toMatch(new RegExp(`^Usage: margo-conformance ${argv[0]}`));
    }
  });

  it.each([
    ['a conformant package', 'fixtures/packages/rc3/valid/line-monitor', 0],
    ['a non-conformant package', 'fixtures/packages/rc3/invalid/pkg-008-missing-name', 1],
  ])('runs its package step as written for %s and writes JUnit, SARIF and HTML', async (what, packageDir, code) => {
    const example = await loadExample(file);
    const dir = join(out, file, what.replaceAll(' ', '-'));
    const [argv] = commandsOf(example, { ...example.env, PACKAGE_DIR: packageDir }).filter((a) => a[0] === 'package');
    // The example writes to conformance-report/ in the checkout; here, below a temporary directory.
    const result = await cli(argv!.map((word) => word.replace(/^conformance-report\//, `${dir}/`)));
    expect(result.code).toBe(code);
    const written = await Promise.all(['junit.xml', 'results.sarif', 'report.html', 'results.json'].map((f) => readFile(join(dir, 'package', f), 'utf8')));
    expect(written.every((text) => text.length > 0)).toBe(true);
  });
});
