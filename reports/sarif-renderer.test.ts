import { describe, expect, it } from 'vitest';
import { renderSarif } from './sarif-renderer.js';
import { createConformantResults, createNonConformantResults } from './test-support/sample-results.js';

describe('renderSarif', () => {
  it('writes SARIF 2.1.0 with one rule per requirement in scope', () => {
    const results = createNonConformantResults();
    const sarif = JSON.parse(renderSarif(results));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(results.requirements.map((r) => r.id));
  });

  it('reports each failing finding at its file and line, as error for core and warning for extended', () => {
    const results = createNonConformantResults();
    const sarif = JSON.parse(renderSarif(results));
    const expected = results.results.flatMap((c) => c.findings.filter((f) => f.outcome === 'fail' || f.outcome === 'indeterminate' || f.outcome === 'error'));
    expect(sarif.runs[0].results).toHaveLength(expected.length);
    for (const result of sarif.runs[0].results) {
      const level = results.requirements.find((r) => r.id === result.ruleId)?.level;
      if (result.properties.outcome === 'fail') expect(result.level).toBe(level === 'core' ? 'error' : 'warning');
      else expect(result.level).toBe('note');
    }
  });

  it('marks a waived finding as an accepted suppression with its reason', () => {
    const results = createConformantResults();
    const check = results.results[0]!;
    check.findings = [{ requirement: check.requirement, outcome: 'pass', message: 'waived', location: { kind: 'file', file: 'compose.yaml', line: 3 }, evidence: { waiver: { reason: 'Needed for the press.', expires: '2030-01-01' } } }];
    const [result] = JSON.parse(renderSarif(results)).runs[0].results;
    expect(result).toMatchObject({ properties: { outcome: 'waived' }, suppressions: [{ kind: 'external', status: 'accepted', justification: 'Needed for the press. (expires 2030-01-01)' }] });
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'fixtures/packages/digitron/compose.yaml' }, region: { startLine: 3 } });
  });

  it('renders the same bytes for the same results', () => {
    expect(renderSarif(createNonConformantResults())).toBe(renderSarif(createNonConformantResults()));
  });
});
