import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../core/results/model.js';
import { main } from './main.js';

const STACK = 'fixtures/compose/stacks/iot-telemetry/deploy/edge/compose.yaml';

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, color: false });
  return { code, stdout, stderr };
}

describe('compose output in the terminal', () => {
  it('shows every finding of a Mosquitto/InfluxDB/Telegraf/Grafana stack as file:line:col ID, with a count', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stack-'));
    const { code, stdout } = await cli(['compose', STACK, '--level', 'restricted', '--out', out]);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    const located = results.results.flatMap((check) => check.findings.filter((f) => f.outcome === 'fail' && f.location?.kind === 'file'));
    expect(located.length).toBeGreaterThan(30);
    const lines = stdout.split('\n');
    const missing = located.filter((f) => {
      const at = f.location?.kind === 'file' ? `${STACK}:${f.location.line}:${f.location.column} ${f.requirement} fail: ` : '';
      return lines.filter((line) => line.startsWith(at)).length === 0;
    });
    expect(missing.map((f) => f.message)).toEqual([]);
    const findingLines = lines.filter((line) => line.startsWith(`${STACK}:`));
    expect(findingLines).toHaveLength(located.length);
    expect(stdout).not.toContain('more');
    expect(lines.find((line) => line.startsWith(`${located.length} findings`) || / findings in 1 file/.test(line))).toMatch(/ findings in 1 file: \d+ fail/);
    expect(code).toBe(1);
  });

  it('writes nothing from the input unescaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esc-'));
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, 'services:\n  "evil\\u001b[2J":\n    image: "x\\u001b]0;pwned\\u0007:1"\n    privileged: true\n');
    const { stdout } = await cli(['compose', file, '--out', join(dir, 'out')]);
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(stdout).toContain('\\x1b[2J');
  });
});

describe('parse errors and missing inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inputs-'));
  writeFileSync(join(dir, 'broken.yaml'), 'services:\n  a:\n    image: "x\n');
  mkdirSync(join(dir, 'empty'));
  mkdirSync(join(dir, 'binary'));
  writeFileSync(join(dir, 'binary', 'margo.yaml'), Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0xff, 0xfe, 0x07]));
  const cases = [
    { title: 'a Compose file with a YAML syntax error', args: ['compose', join(dir, 'broken.yaml')], line: `margo-conformance compose: ${join(dir, 'broken.yaml')}:4:1: YAML syntax error: Missing closing "quote. Fix the YAML so it parses.` },
    { title: 'a missing Compose file', args: ['compose', join(dir, 'nope.yaml')], line: `margo-conformance compose: ${join(dir, 'nope.yaml')} does not exist. Give a compose.yaml, a Compose Archive or an OCI image layout.` },
    { title: 'a directory without margo.yaml', args: ['package', join(dir, 'empty')], line: `margo-conformance package: ${join(dir, 'empty')} has no margo.yaml and is not an OCI image layout. Give a package directory, or add --recursive to check every package below it.` },
    { title: 'a binary margo.yaml', args: ['package', join(dir, 'binary')], line: `margo-conformance package: ${join(dir, 'binary', 'margo.yaml')} is binary (8 bytes), not YAML text. Give the YAML file itself.` },
    { title: 'a missing package among several', args: ['package', 'fixtures/packages/rc3/valid/minimal', join(dir, 'nope')], line: `margo-conformance package: ${join(dir, 'nope')} does not exist. Give a package directory, a .tar.gz, a margo.yaml or an OCI image layout.` },
  ];
  for (const { title, args, line } of cases) {
    it(`exits 2 with one line for ${title}`, async () => {
      const result = await cli([...args, '--out', join(dir, 'out')]);
      expect(result).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
    });
  }
});
