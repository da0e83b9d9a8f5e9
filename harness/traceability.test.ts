import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../core/package-root.js';
import { buildTraceability, uncheckedMusts } from './traceability/build-traceability.js';

const FILE = fromPackageRoot('docs', 'traceability.md');

describe('docs/traceability.md', () => {
  it('matches the catalog, the checks, the fixtures and the faults (npm run traceability rewrites it)', async () => {
    const fresh = await buildTraceability();
    if (process.env.UPDATE_TRACEABILITY) writeFileSync(FILE, fresh);
    expect(readFileSync(FILE, 'utf8'), 'docs/traceability.md is stale: run npm run traceability').toBe(fresh);
  });
});

describe('README: MUSTs testable from outside that no check decides', () => {
  it('lists exactly those rows, each with its reason', async () => {
    const readme = readFileSync(fromPackageRoot('README.md'), 'utf8');
    const section = /### MUSTs without a check\n([\s\S]*?)\n#/.exec(readme)?.[1] ?? '';
    const listed = [...section.matchAll(/^\| ([A-Z]+-\d{3}(?:, [A-Z]+-\d{3})*) \| (.+) \|$/gm)].flatMap((m) => (m[2]!.trim() ? m[1]!.split(', ') : []));
    expect(listed.sort(), 'README "MUSTs without a check" is out of date').toEqual([...(await uncheckedMusts())].sort());
  });
});
