import { defineCheck, type Check } from '../../core/runner/check.js';
import type { ComposeContext } from './compose-context.js';
import { ruleFindings } from './rule-findings.js';
import { RULE_EVALUATORS } from './rules/index.js';
import { composeRules } from './rules.js';

/** One check per rule of rules.yaml, built on demand (never at import time). */
export function composeRuleChecks(): Check<ComposeContext>[] {
  return composeRules().map((rule) => {
    const evaluate = RULE_EVALUATORS[rule.id];
    if (!evaluate) throw new Error(`compose rule ${rule.id} has no evaluator in suites/compose/rules/index.ts`);
    return defineCheck<ComposeContext>({
      id: `compose/${rule.id.toLowerCase()}-${rule.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '')}`,
      title: rule.title,
      requirements: [rule.id],
      run: (context) => {
        if (context.projects.length === 0) return [{ requirement: rule.id, outcome: 'skip', message: `No Compose file to check, so ${rule.id} was not applied.` }];
        return context.projects.flatMap((project) => {
          if (project.document === undefined) {
            return [{ requirement: rule.id, outcome: 'error' as const, message: `${project.file}: could not be read as a Compose document, so ${rule.id} was not decided (see CMP-005).` }];
          }
          return ruleFindings(rule, evaluate, project, { waivers: context.waivers, today: context.today });
        });
      },
    });
  });
}
