import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../core/package-root.js';

const run = promisify(execFile);
const root = packageRoot();
const EXAMPLE = join(root, 'examples', 'library', 'check-package.mjs');
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'margo-library-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the README library example', () => {
  it('is the file examples/library/check-package.mjs, shown whole', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Library API'));
    const block = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(await readFile(EXAMPLE, 'utf8'));
  });

  it.each([
    ['a conformant package', 'fixtures/packages/rc3/valid/line-monitor', 0, /^conformant: /m],
    ['a non-conformant package', 'fixtures/packages/rc3/invalid/pkg-008-missing-name', 1, /^PKG-008 core .*\nnon-conformant: 1 core requirement failed: PKG-008\.$/m],
  ])('runs with node against the built package (margo-conformance resolved by its exports) for %s', async (what, path, code, stdout) => {
    // The example imports the package by name, which resolves to dist/ through package.json "exports".
    expect(existsSync(join(root, 'dist', 'harness', 'index.js')), 'dist/ is missing: run npm run build').toBe(true);
    const dir = join(out, what.replaceAll(' ', '-'));
    const result = await run(process.execPath, [EXAMPLE, path, dir], { cwd: root }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(stdout);
    const [json, junit, sarif] = await Promise.all(['results.json', 'junit.xml', 'results.sarif'].map((f) => readFile(join(dir, f), 'utf8')));
    expect(JSON.parse(json!).verdict).toBe(code === 0 ? 'conformant' : 'non-conformant');
    expect(junit).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    expect((JSON.parse(sarif!) as { version: string }).version).toBe('2.1.0');
  }, 60_000);
});
