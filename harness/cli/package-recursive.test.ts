import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../core/results/model.js';
import { findPackages } from '../runs/run-packages.js';
import { main } from './main.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, color: false });
  return { code, stdout, stderr };
}

describe('package with several packages', () => {
  it('checks every bundled package in one process with --recursive: a subject, a JUnit suite and an HTML row each', async () => {
    const out = mkdtempSync(join(tmpdir(), 'recursive-'));
    const expected = await findPackages('fixtures/packages');
    const { code, stdout } = await cli(['package', '--recursive', 'fixtures/packages', '--out', out]);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(expected.length).toBeGreaterThan(150);
    expect(results.packages?.map((p) => p.subject.location)).toEqual(expected);
    expect(code).toBe(Math.max(...(results.packages ?? []).map((p) => ({ conformant: 0, 'non-conformant': 1, error: 2 })[p.verdict])));
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    // One suite per package at the top; its requirements' suites nest inside it.
    expect(junit.match(/^  <testsuite name="margo\.package /gm)).toHaveLength(expected.length);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.indexOf('<section id="packages">')).toBeLessThan(html.indexOf('id="failures"'));
    expect(stdout).toMatch(new RegExp(`^Packages: ${expected.length} \\(\\d+ conformant, \\d+ non-conformant, \\d+ error\\)$`, 'm'));
  }, 120_000);

  const cases = [
    { args: ['fixtures/packages/rc3/valid/minimal', 'fixtures/packages/rc3/valid/line-monitor'], code: 0, packages: 2 },
    { args: ['fixtures/packages/rc3/valid/minimal', 'fixtures/packages/rc3/invalid/pkg-008-missing-name'], code: 1, packages: 2 },
  ];
  for (const { args, code, packages } of cases) {
    it(`exits ${code} for ${args.map((a) => a.split('/').pop()).join(' and ')}, as bad as the worst package`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'several-'));
      const result = await cli(['package', ...args, '--out', out]);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
      expect([result.code, results.packages?.length]).toEqual([code, packages]);
    });
  }
});
