import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';
import { fromPackageRoot } from '../../core/package-root.js';
import { runPackage } from '../runs/run-package.js';

const EDITION_DIRS: Record<string, EditionId> = { rc3: '1.0.0-rc.3', 'preview-1': 'preview-1' };

const fixtures = Object.entries(EDITION_DIRS).flatMap(([dir, edition]) =>
  (['valid', 'invalid'] as const).flatMap((kind) => {
    const root = fromPackageRoot('fixtures', 'packages', dir, kind);
    return readdirSync(root).sort().map((name) => ({ edition, kind, name, path: join(root, name) }));
  }),
);

/** `pkg-007-uppercase-id` -> `PKG-007`: a fixture's name says the one requirement it breaks. */
function targetOf(name: string): string {
  const match = /^([a-z]+-\d{3})-/.exec(name);
  if (!match?.[1]) throw new Error(`invalid fixture ${name} does not start with a requirement ID`);
  return match[1].toUpperCase();
}

describe('application-package fixtures', () => {
  it.each(fixtures.filter((f) => f.kind === 'valid'))('$edition valid/$name passes every requirement', async ({ edition, path }) => {
    const results = await runPackage({ path, edition: EDITIONS[edition] });
    const notPassing = results.requirements.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => `${r.id}: ${r.outcome}`);
    expect(notPassing).toEqual([]);
    expect(results.verdict).toBe('conformant');
  });

  it.each(fixtures.filter((f) => f.kind === 'invalid'))('$edition invalid/$name fails exactly its target requirement', async ({ edition, name, path }) => {
    const results = await runPackage({ path, edition: EDITIONS[edition] });
    const target = targetOf(name);
    const failing = results.requirements.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => r.id);
    expect(failing).toEqual([target]);
    const level = results.requirements.find((r) => r.id === target)?.level;
    expect(results.verdict).toBe(level === 'core' ? 'non-conformant' : 'conformant');
  });
});
