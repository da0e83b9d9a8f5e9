import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { renderJson } from '../../reports/json-renderer.js';
import { runCompose } from './run-compose.js';

const addFormats = addFormatsModule.default;

const work = mkdtempSync(join(tmpdir(), 'margo-run-compose-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};

describe('runCompose', () => {
  it.each([
    ['privileged', 'conformant'],
    ['baseline', 'non-conformant'],
    ['restricted', 'non-conformant'],
  ] as const)('makes the %s rules the verdict', async (level, verdict) => {
    const results = await runCompose({ path: file('host-net.yaml', 'services:\n  s:\n    image: i:1\n    network_mode: host\n'), level });
    expect(results.verdict).toBe(verdict);
    expect(results.requirements.find((r) => r.id === 'MCS-004')?.level).toBe(level === 'privileged' ? 'extended' : 'core');
    // The SHOULD rule keeps its keyword; the run's profile raised it, and the results say so.
    expect(results.requirements.find((r) => r.id === 'MCS-004')?.raisedBy).toBe(level === 'privileged' ? undefined : 'compose-security');
  });

  it('keeps restricted rules as warnings under baseline', async () => {
    const results = await runCompose({ path: file('plain.yaml', 'services:\n  s:\n    image: i:1\n'), level: 'baseline' });
    expect(results.verdict).toBe('conformant');
    expect(results.summary.warnings).toBeGreaterThan(0);
    expect(results.profile).toEqual(expect.objectContaining({ id: 'compose-security', draft: true }));
    expect(results.subject).toEqual(expect.objectContaining({ kind: 'compose', format: 'file' }));
  });

  it('skips the archive rules for a lone Compose file, saying why', async () => {
    const results = await runCompose({ path: file('lone.yaml', 'services:\n  s:\n    image: i:1\n'), level: 'baseline' });
    expect(results.requirements.find((r) => r.id === 'CMP-004')).toMatchObject({ outcome: 'skip' });
  });

  it('ends in error, not failure, for a missing input', async () => {
    const results = await runCompose({ path: join(work, 'nope.yaml') });
    expect(results.verdict).toBe('error');
    expect(results.errors[0]?.message).toContain('no such file or directory');
  });

  it('writes results that match results.schema.json', async () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(fromPackageRoot('reports', 'results.schema.json'), 'utf8')) as object);
    const results = await runCompose({ path: file('schema.yaml', 'services:\n  s:\n    image: i:1\n    user: ${U}\n'), level: 'restricted' });
    expect(validate(JSON.parse(renderJson(results))) ? [] : validate.errors).toEqual([]);
  });
});
