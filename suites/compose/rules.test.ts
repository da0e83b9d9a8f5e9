import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { RULE_EVALUATORS } from './rules/index.js';
import { RULE_LEVELS, SEVERITIES, composeRules, ruleApplies } from './rules.js';

const catalog = loadCatalog();
const mcsRows = catalog.requirements.filter((r) => r.id.startsWith('MCS-'));

describe('Compose rule table', () => {
  it('has the same IDs as the MCS catalog rows and the evaluators', () => {
    const ids = composeRules().map((r) => r.id);
    expect(mcsRows.map((r) => r.id)).toEqual(ids);
    expect(Object.keys(RULE_EVALUATORS)).toEqual(ids);
  });

  it('keeps every MCS catalog row SHOULD, extended, static and for packages', () => {
    expect(mcsRows.filter((r) => r.keyword !== 'SHOULD' || r.level !== 'extended' || r.testability !== 'static' || !r.subjects.includes('package')).map((r) => r.id)).toEqual([]);
  });

  it('gives every rule a level, severity, fix and rationale, and a PSS or CIS reference', () => {
    const bad = composeRules().filter(
      (r) => !RULE_LEVELS.slice(1).includes(r.level) || !SEVERITIES.includes(r.severity) || !r.fix || !r.rationale || !Array.isArray(r.reads) || (r.pss === null && r.cis === null && !['MCS-023', 'MCS-024'].includes(r.id)),
    );
    expect(bad.map((r) => r.id)).toEqual([]);
  });

  it.each([
    ['privileged', 0],
    ['baseline', composeRules().filter((r) => r.level === 'baseline').length],
    ['restricted', composeRules().length],
  ] as const)('applies the right rules at the %s level', (level, count) => {
    expect(composeRules().filter((r) => ruleApplies(r, level)).length).toBe(count);
  });
});
