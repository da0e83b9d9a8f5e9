import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { checkComposeFile } from './check-compose-file.js';
import { composeRules } from './rules.js';

const root = fromPackageRoot('fixtures', 'compose', 'rules');
const fixtures = (['valid', 'invalid'] as const).flatMap((kind) =>
  readdirSync(join(root, kind)).sort().map((name) => ({ kind, name, text: readFileSync(join(root, kind, name), 'utf8') })),
);

/** `mcs-001-privileged.yaml` -> `MCS-001`: a fixture's name says the one rule it is about. */
const targetOf = (name: string) => (/^(mcs-\d{3})-/.exec(name)?.[1] ?? '').toUpperCase();

describe('Compose rule fixtures', () => {
  it.each(fixtures.filter((f) => f.kind === 'invalid'))('invalid/$name fails exactly its rule at the restricted level', ({ name, text }) => {
    const findings = checkComposeFile(text, { file: name, level: 'restricted', today: '2026-01-01' });
    expect(findings.map((f) => `${f.requirement} ${f.outcome}`)).toEqual(findings.map(() => `${targetOf(name)} fail`));
    expect(findings.length).toBeGreaterThan(0);
  });

  it.each(fixtures.filter((f) => f.kind === 'valid'))('valid/$name raises nothing at the restricted level', ({ name, text }) => {
    expect(checkComposeFile(text, { file: name, level: 'restricted', today: '2026-01-01' }).map((f) => f.message)).toEqual([]);
  });

  it('has a violating and a clean fixture for every rule', () => {
    const missing = composeRules().flatMap((rule) =>
      (['valid', 'invalid'] as const).filter((kind) => !fixtures.some((f) => f.kind === kind && targetOf(f.name) === rule.id)).map((kind) => `${rule.id} ${kind}`),
    );
    expect(missing).toEqual([]);
  });

  it('raises no finding on any fixture at the privileged level', () => {
    expect(fixtures.flatMap((f) => checkComposeFile(f.text, { level: 'privileged', today: '2026-01-01' }))).toEqual([]);
  });
});
