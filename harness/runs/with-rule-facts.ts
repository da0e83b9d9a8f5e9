import type { RequirementResult } from '../../core/results/model.js';
import { composeRules } from '../../suites/compose/index.js';

/**
 * The requirement rows with the Compose rule table's facts attached (title, severity, rationale, fix), so
 * renderers, which see only the results model, can name rules and rate security findings.
 */
export function withRuleFacts(rows: RequirementResult[]): RequirementResult[] {
  const rules = new Map(composeRules().map((rule) => [rule.id, rule]));
  return rows.map((row) => {
    const rule = rules.get(row.id);
    return rule ? { ...row, title: rule.title, rule: { severity: rule.severity, rationale: rule.rationale, fix: rule.fix } } : row;
  });
}
