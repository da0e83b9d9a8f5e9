import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../../core/catalog/editions.js';
import type { EditionId } from '../../../core/catalog/types.js';
import { parseYaml } from '../../../core/input/parse-yaml.js';
import type { FileLocation, Finding } from '../../../core/results/model.js';
import type { PackageContext } from '../package.js';
import { compiledSchema, descriptionSchema, schemaPath, validateDescription } from './description-schema.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/packages/', import.meta.url));
const EDITION_DIRS: Record<string, EditionId> = { rc3: '1.0.0-rc.3', 'preview-1': 'preview-1' };

/** Requirements this check decides in one edition only; all others apply to both. */
const ONLY_IN: Record<string, EditionId> = {
  'PKG-012': 'preview-1',
  'PKG-019': 'preview-1',
  'PKG-013': '1.0.0-rc.3',
  'PKG-038': '1.0.0-rc.3',
  'PKG-046': '1.0.0-rc.3',
};

/** Fixtures for a requirement this check shares with another check that decides the defect (uniqueness, not shape). */
const DECIDED_BY_OTHER_CHECKS = new Set(['pkg-009-duplicate-profile-id']);

interface Fixture {
  edition: EditionId;
  name: string;
  text: string;
}

function fixtures(kind: 'valid' | 'invalid'): Fixture[] {
  return Object.entries(EDITION_DIRS).flatMap(([dir, edition]) => {
    const root = join(FIXTURES, dir, kind);
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .filter((name) => existsSync(join(root, name, 'margo.yaml')))
      .sort()
      .map((name) => ({ edition, name, text: readFileSync(join(root, name, 'margo.yaml'), 'utf8') }));
  });
}

function contextFor(edition: EditionId, text: string): PackageContext {
  return {
    edition: EDITIONS[edition],
    pkg: { format: 'description', location: 'margo.yaml', descriptionFile: 'margo.yaml', descriptionCandidates: ['margo.yaml'], description: parseYaml(text) },
  };
}

async function run(edition: EditionId, text: string): Promise<Finding[]> {
  return descriptionSchema.run(contextFor(edition, text));
}

function failed(findings: Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.outcome === 'fail').map((f) => f.requirement))].sort();
}

/** The requirement a fixture name starts with (`pkg-007-uppercase-id` -> `PKG-007`), if this check decides it. */
function requirementOf(name: string): string | undefined {
  const id = /^(pkg-\d{3})-/.exec(name)?.[1]?.toUpperCase();
  return id !== undefined && descriptionSchema.requirements.includes(id) ? id : undefined;
}

function brief(finding: Finding): { requirement: string; message: string; pointer?: string; line?: number } {
  const location = finding.location as FileLocation | undefined;
  return { requirement: finding.requirement, message: finding.message, pointer: location?.pointer, line: location?.line };
}

const valid = fixtures('valid');
const invalid = fixtures('invalid').filter((fixture) => requirementOf(fixture.name) !== undefined);

describe('descriptionSchema on valid packages', () => {
  it.each(valid.map((f) => [`${f.edition} ${f.name}`, f] as const))('reports no failure for %s', async (_, fixture) => {
    expect((await run(fixture.edition, fixture.text)).filter((f) => f.outcome === 'fail').map(brief)).toEqual([]);
  });
});

describe('descriptionSchema on invalid fixtures', () => {
  it.each(invalid.map((f) => [`${f.edition} ${f.name}`, f] as const))('fails exactly the named requirement for %s', async (_, fixture) => {
    const expected = DECIDED_BY_OTHER_CHECKS.has(fixture.name) ? [] : [requirementOf(fixture.name)];
    expect(failed(await run(fixture.edition, fixture.text))).toEqual(expected);
  });

  it.each(invalid.map((f) => [`${f.edition} ${f.name}`, f] as const))('reports the one defect of %s once', async (_, fixture) => {
    const failures = (await run(fixture.edition, fixture.text)).filter((f) => f.outcome === 'fail');
    expect(failures.map(brief)).toHaveLength(DECIDED_BY_OTHER_CHECKS.has(fixture.name) ? 0 : 1);
  });

  it('has an invalid fixture for every requirement in every edition it applies to', () => {
    const missing = descriptionSchema.requirements.flatMap((id) =>
      Object.values(EDITION_DIRS)
        .filter((edition) => (ONLY_IN[id] ?? edition) === edition)
        .filter((edition) => !invalid.some((f) => f.edition === edition && requirementOf(f.name) === id && !DECIDED_BY_OTHER_CHECKS.has(f.name)))
        .map((edition) => `${id} in ${edition}`),
    );
    expect(missing).toEqual([]);
  });

  it('gives every schema finding a pointer and a line', async () => {
    const unlocated: string[] = [];
    for (const fixture of invalid) {
      if (parseYaml(fixture.text).problems.length > 0) continue;
      for (const finding of await run(fixture.edition, fixture.text)) {
        const location = finding.location as FileLocation | undefined;
        if (finding.outcome === 'fail' && (location?.pointer === undefined || location.line === undefined)) unlocated.push(`${fixture.name}: ${finding.message}`);
      }
    }
    expect(unlocated).toEqual([]);
  });
});

describe('descriptionSchema messages', () => {
  const cases: { fixture: string; edition: EditionId; findings: ReturnType<typeof brief>[] }[] = [
    {
      fixture: 'pkg-008-organization-empty',
      edition: '1.0.0-rc.3',
      findings: [{ requirement: 'PKG-008', pointer: '/metadata/catalog/organization', line: 9, message: 'margo.yaml: metadata.catalog.organization is empty (PKG-008). Add at least one organization with a name.' }],
    },
    {
      fixture: 'pkg-007-uppercase-id',
      edition: '1.0.0-rc.3',
      findings: [{ requirement: 'PKG-007', pointer: '/id', line: 4, message: 'margo.yaml: id is "Org-Example-Hello", which does not match ^[a-z0-9-]{1,200}$ (PKG-007). Use 1 to 200 lower-case letters, digits and dashes.' }],
    },
    {
      fixture: 'pkg-007-id-201-chars',
      edition: 'preview-1',
      findings: [{ requirement: 'PKG-007', pointer: '/metadata/id', line: 5, message: `margo.yaml: metadata.id is "${'a'.repeat(40)}…" (201 characters), which does not match ^[a-z0-9-]{1,200}$ (PKG-007). Use 1 to 200 lower-case letters, digits and dashes.` }],
    },
    {
      fixture: 'pkg-006-missing-metadata-id',
      edition: 'preview-1',
      findings: [{ requirement: 'PKG-006', pointer: '/metadata/id', line: 5, message: 'margo.yaml: metadata.id is missing (PKG-006). Add metadata.id, the application id (lower-case letters, digits and dashes).' }],
    },
    {
      fixture: 'pkg-008-version-not-string',
      edition: '1.0.0-rc.3',
      findings: [{ requirement: 'PKG-008', pointer: '/metadata/version', line: 7, message: 'margo.yaml: metadata.version is a number (1); expected a string (PKG-008). Give metadata.version as a string; quote it if YAML would read it as a number.' }],
    },
    {
      fixture: 'pkg-046-in-without-values',
      edition: '1.0.0-rc.3',
      findings: [{ requirement: 'PKG-046', pointer: '/deploymentProfiles/1/deviceConstraints/eligibilityRules/0/propertySelector/matchExpressions/0/values', line: 30, message: 'margo.yaml: deploymentProfiles[1].deviceConstraints.eligibilityRules[0].propertySelector.matchExpressions[0].values is missing (PKG-046). Give values for the In, NotIn, Gt and Lt operators.' }],
    },
    {
      fixture: 'pkg-038-uppercase-extension-key',
      edition: '1.0.0-rc.3',
      findings: [{ requirement: 'PKG-038', pointer: '/x-Example-extensions', line: 27, message: 'margo.yaml: x-Example-extensions is not a valid extension key; expected a key matching ^x-[a-z][a-z0-9-]*-extensions$ (PKG-038). Rename it to x-<name>-extensions with <name> in lower-case letters, digits and dashes.' }],
    },
    {
      fixture: 'pkg-042-extension-in-preview-1',
      edition: 'preview-1',
      findings: [{ requirement: 'PKG-042', pointer: '/x-example-extensions', line: 27, message: 'margo.yaml: x-example-extensions is not a field of the preview-1 application description (PKG-042). Remove it or correct its spelling.' }],
    },
    {
      fixture: 'pkg-002-preview-helm-type',
      edition: '1.0.0-rc.3',
      findings: [{ requirement: 'PKG-002', pointer: '/deploymentProfiles/2/type', line: 26, message: 'margo.yaml: deploymentProfiles[2].type is "helm.v3"; expected one of helm, compose, custom (PKG-002). Use helm, compose or custom.' }],
    },
  ];

  it.each(cases.map((c) => [`${c.edition} ${c.fixture}`, c] as const))('writes one located sentence per defect for %s', async (_, c) => {
    const dir = Object.entries(EDITION_DIRS).find(([, edition]) => edition === c.edition)?.[0] ?? '';
    const text = readFileSync(join(FIXTURES, dir, 'invalid', c.fixture, 'margo.yaml'), 'utf8');
    expect((await run(c.edition, text)).map(brief)).toEqual(c.findings);
  });
});

describe('descriptionSchema on descriptions it cannot read', () => {
  const others = descriptionSchema.requirements.filter((id) => id !== 'PKG-006').sort();

  it('reports a YAML syntax error under PKG-006 with its line and skips everything else', async () => {
    const findings = await run('1.0.0-rc.3', 'apiVersion: margo.org/v1-alpha1\nkind: ApplicationDescription\nmetadata: [unclosed\n');
    const failures = findings.filter((f) => f.outcome === 'fail');
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.requirement).toBe('PKG-006');
      expect(failure.message).toMatch(/^margo\.yaml: line \d+: .+ \(PKG-006\)\. Fix the YAML so it parses\.$/);
      expect((failure.location as FileLocation).line).toBeGreaterThan(0);
    }
    expect(findings.filter((f) => f.outcome === 'skip').map((f) => f.requirement).sort()).toEqual(others);
  });

  it('reports a document that is not a mapping under PKG-006 and skips everything else', async () => {
    const findings = await run('preview-1', '- just\n- a list\n');
    expect(findings.filter((f) => f.outcome === 'fail').map(brief)).toEqual([
      { requirement: 'PKG-006', pointer: '', line: 1, message: 'margo.yaml: (document root) is a list; expected a mapping (PKG-006). Make the description a mapping with apiVersion, kind, metadata and deploymentProfiles.' },
    ]);
    expect(findings.filter((f) => f.outcome === 'skip').map((f) => f.requirement).sort()).toEqual(others);
  });
});

describe('description schemas', () => {
  const editions = Object.values(EDITIONS);

  it('maps every error to a requirement of its own, never to the fallback', () => {
    // Every fixture against every edition's schema: wrong-edition descriptions exercise most keywords.
    const unmapped = editions.flatMap((edition) =>
      [...valid, ...invalid].flatMap((fixture) =>
        validateDescription(contextFor(edition.id, fixture.text))
          .filter((finding) => finding.evidence.unmapped)
          .map((finding) => `${edition.id} ${fixture.name}: ${finding.evidence.schemaPath}`),
      ),
    );
    expect(unmapped).toEqual([]);
  });

  it('annotates every node that can fail with a requirement', () => {
    const keywords = ['type', 'enum', 'const', 'pattern', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum'];
    const bare = editions.flatMap((edition) => {
      const { requirements } = compiledSchema(edition.descriptionSchema);
      return [...requirements].flatMap(([node, requirement]) => {
        const schema = node as Record<string, unknown>;
        const props = (schema.properties ?? {}) as Record<string, object>;
        const unmappedRequired = ((schema.required ?? []) as string[]).filter((name) => (props[name] ? requirements.get(props[name]) : requirement) === undefined);
        const failing = requirement === undefined && keywords.some((keyword) => keyword in schema);
        return failing || unmappedRequired.length > 0 ? [`${edition.descriptionSchema}: ${JSON.stringify(schema).slice(0, 120)}`] : [];
      });
    });
    expect(bare).toEqual([]);
  });

  it('names only requirements the check declares', () => {
    const named = new Set(editions.flatMap((edition) => [...compiledSchema(edition.descriptionSchema).requirements.values()]));
    named.delete(undefined);
    expect([...named].filter((id) => !descriptionSchema.requirements.includes(id as string))).toEqual([]);
  });

  it('compiles each edition schema once and finds it from the package root', () => {
    for (const edition of editions) {
      expect(existsSync(schemaPath(edition.descriptionSchema))).toBe(true);
      expect(compiledSchema(edition.descriptionSchema)).toBe(compiledSchema(edition.descriptionSchema));
    }
  });
});

const specDir = process.env.MARGO_SPEC_DIR;

describe.skipIf(!specDir)('official Preview Release 1 examples (MARGO_SPEC_DIR)', () => {
  const dir = join(specDir ?? '', 'general_website_content-f31c8ad/src/specification/application-package/resources/examples/valid');
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort() : [];

  it('finds the examples', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('accepts %s under the preview-1 schema', async (file) => {
    const findings = await run('preview-1', readFileSync(join(dir, file), 'utf8'));
    expect(findings.filter((f) => f.outcome === 'fail').map(brief)).toEqual([]);
  });
});
