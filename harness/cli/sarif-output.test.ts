import { readFileSync } from 'node:fs';
import AjvDraft04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../reports/sarif-renderer.js';
import { runCompose } from '../runs/run-compose.js';
import { runPackages } from '../runs/run-packages.js';
import { runPackage } from '../runs/run-package.js';

// CommonJS with `exports.default`; under NodeNext the default import is the module object.
const AjvDraft04 = AjvDraft04Module.default;
const schema = JSON.parse(readFileSync(new URL('../../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'));
// The schema's `language` pattern is not valid with the `u` flag; read it as JSON Schema draft-04 (ECMA 262 without `u`) does.
const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

const STACK_DIR = 'fixtures/compose/stacks/iot-telemetry';
const STACK = `${STACK_DIR}/deploy/edge/compose.yaml`;
const PACKAGE = 'fixtures/packages/rc3/invalid/pkg-008-missing-name';

interface SarifLog {
  runs: { tool: { driver: { rules: { id: string; name: string; help: { text: string; markdown: string }; properties: Record<string, unknown> }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } } }[] }[] }[];
}

const sarifOf = async (which: 'compose' | 'package' | 'packages', root?: string): Promise<SarifLog> => {
  const results =
    which === 'compose'
      ? await runCompose({ path: STACK, level: 'restricted' })
      : which === 'package'
        ? await runPackage({ path: PACKAGE })
        : await runPackages({ paths: [PACKAGE, 'fixtures/packages/rc3/valid/line-monitor'] });
  return JSON.parse(renderSarif(results, root ? { root } : {})) as SarifLog;
};

describe('SARIF output', () => {
  const cases = [
    { name: 'a Compose file in a nested folder', which: 'compose' as const },
    { name: 'a package', which: 'package' as const },
    { name: 'several packages', which: 'packages' as const },
  ];
  for (const { name, which } of cases) {
    it(`validates against the SARIF 2.1.0 schema for ${name}`, async () => {
      const sarif = await sarifOf(which);
      expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    });
  }

  it('names the nested path relative to the working directory, with line and column', async () => {
    const sarif = await sarifOf('compose');
    const uris = new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual([STACK]);
    const socket = sarif.runs[0]!.results.find((r) => r.ruleId === 'MCS-009');
    expect(socket?.locations[0]!.physicalLocation.region).toEqual({ startLine: 8, startColumn: 9 });
  });

  it('names the path relative to --sarif-root', async () => {
    const sarif = await sarifOf('compose', STACK_DIR);
    expect([...new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))]).toEqual(['deploy/edge/compose.yaml']);
  });

  it('names the package file inside the package directory', async () => {
    const sarif = await sarifOf('package');
    expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toContain(`${PACKAGE}/margo.yaml`);
  });

  it('gives rules real names, help text and markdown, and a security-severity for security rules', async () => {
    const rules = (await sarifOf('compose')).runs[0]!.tool.driver.rules;
    const privileged = rules.find((r) => r.id === 'MCS-001');
    expect(privileged?.name).toBe('PrivilegedContainer');
    expect(privileged?.properties).toMatchObject({ 'security-severity': '9.5', tags: ['security', 'MCS'] });
    expect(privileged?.help.text).toContain('Fix: Remove privileged');
    expect(privileged?.help.markdown).toContain('**Fix:** Remove privileged');
    expect(rules.filter((r) => r.name === r.id || !/^[A-Z][A-Za-z0-9]+$/.test(r.name)).map((r) => r.id)).toEqual([]);
    expect(rules.filter((r) => r.id.startsWith('MCS-') && r.properties['security-severity'] === undefined).map((r) => r.id)).toEqual([]);
  });
});
