import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../core/package-root.js';

/**
 * The floor plan, read from the import statements: every import points down. The layers, bottom up:
 * core (ground library) < reference < instruments < suites, reports < harness (the app). Tests follow the
 * same rules as the code beside them; cross-layer tests (self-tests) live in harness/.
 */
const root = packageRoot();
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => /^(core|reference|instruments|suites|reports|harness)\//.test(file));

const IMPORT = /(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  return [...source.matchAll(IMPORT)].map((m) => normalize(join(dirname(file), (m[1] ?? m[2]) as string)));
}

const edges = files.flatMap((file) => importsOf(file).map((target) => ({ file, target })));
const layer = (path: string) => path.split('/')[0] ?? '';

/** What each layer may import besides itself. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  reference: ['core'],
  instruments: ['core', 'reference'],
  suites: ['core', 'instruments'],
  reports: ['core/results'],
  harness: ['core', 'reference', 'instruments', 'suites', 'reports', 'profiles'],
};

describe('layering', () => {
  it.each(Object.keys(ALLOWED))('keeps every import of %s/ pointing down', (from) => {
    const allowed = ALLOWED[from]!;
    const wrong = edges
      .filter(({ file, target }) => layer(file) === from && layer(target) !== from)
      .filter(({ target }) => !allowed.some((prefix) => target === prefix || target.startsWith(`${prefix}/`)))
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(wrong).toEqual([]);
  });

  it("keeps every suite off another suite's index", () => {
    const wrong = edges
      .filter(({ file, target }) => layer(file) === 'suites' && layer(target) === 'suites')
      .filter(({ file, target }) => target.split('/')[1] !== file.split('/')[1] && /^suites\/[^/]+\/index\.js$/.test(target))
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(wrong).toEqual([]);
  });

  it('keeps the reference off the suites that judge it, so a shared bug cannot hide in the self-test', () => {
    const wrong = edges.filter(({ file, target }) => layer(file) === 'reference' && layer(target) !== 'reference' && layer(target) !== 'core').map(({ file, target }) => `${file} -> ${target}`);
    expect(wrong).toEqual([]);
  });

  it('finds the files it judges', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(relative(root, join(root, 'core'))).toBe('core');
  });
});
