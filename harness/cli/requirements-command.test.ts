import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { loadProfile } from '../../core/profiles/profile.js';
import { requirementsCheckedBy } from '../check-sets.js';
import { main } from './main.js';

interface Row {
  id: string;
  keyword: string;
  level: string;
}

async function rowsOf(...argv: string[]): Promise<Row[]> {
  let stdout = '';
  const code = await main(['requirements', ...argv, '--json'], { stdout: (t) => (stdout += t), stderr: () => {}, env: {}, color: false });
  expect(code).toBe(0);
  return JSON.parse(stdout) as Row[];
}

const areas = (rows: Row[]) => [...new Set(rows.map((r) => r.id.slice(0, r.id.lastIndexOf('-'))))].sort();

describe('requirements --profile', () => {
  it.each([
    ['compose-security', [], ['CMP', 'MCS']],
    ['compose-security', ['--spec-version', 'latest'], ['CMP', 'MCS']],
    ['wfm', ['--spec-version', '1.0.0-rc.3'], undefined],
    ['application-package', [], undefined],
  ] as const)('lists for %s %j only the rows its checks decide', async (profile, extra, expectedAreas) => {
    const rows = await rowsOf('--profile', profile, ...extra);
    const decided = await requirementsCheckedBy(loadProfile(profile));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !decided.has(r.id))).toEqual([]);
    if (expectedAreas) expect(areas(rows)).toEqual(expectedAreas);
  });

  it('lists no PKG row for compose-security', async () => {
    expect((await rowsOf('--profile', 'compose-security')).filter((r) => r.id.startsWith('PKG-'))).toEqual([]);
  });

  it.each([['compose-security'], ['application-package'], ['wfm'], ['device-compose']])(
    'labels no SHOULD/MAY row core for %s (no raise)',
    async (profile) => {
      const rows = await rowsOf('--profile', profile);
      expect(rows.filter((r) => r.level === 'core' && !/^(MUST|SHALL)/.test(r.keyword)).map((r) => r.id)).toEqual([]);
    },
  );

  it('shows the rows device-wasm raises as core with their SHOULD keyword', async () => {
    const rows = await rowsOf('--profile', 'device-wasm', '--spec-version', '1.0.0-rc.3');
    const raised = rows.filter((r) => (loadProfile('device-wasm').raise ?? []).includes(r.id));
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.every((r) => r.keyword === 'SHOULD' && r.level === 'core')).toBe(true);
  });

  it('keeps every catalog row of keyword SHOULD, MAY or RECOMMENDED extended', () => {
    expect(loadCatalog().requirements.filter((r) => r.level === 'core' && !/^(MUST|SHALL)/.test(r.keyword)).map((r) => r.id)).toEqual([]);
  });
});
