import { readDataYaml } from '../../core/input/read-data-yaml.js';

/** The Pod Security Standards levels, mildest first. `privileged` applies no rule. */
export const RULE_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One row of `rules.yaml`: the rule-specific facts beside the catalog row of the same ID. */
export interface ComposeRule {
  id: string;
  title: string;
  /** The lowest level that forbids the setting. */
  level: Exclude<RuleLevel, 'privileged'>;
  severity: Severity;
  /** The Pod Security Standards control it maps to; null where PSS has none. */
  pss: string | null;
  /** CIS Docker Benchmark v1.6.0 item; null where it has none. */
  cis: string | null;
  /** Service keys the rule depends on: an unset variable in one makes the rule indeterminate. */
  reads: string[];
  rationale: string;
  fix: string;
}

let cached: readonly ComposeRule[] | undefined;

/** The rule table, read once on first use (never at import time). */
export function composeRules(): readonly ComposeRule[] {
  cached ??= readDataYaml('suites/compose/rules.yaml') as ComposeRule[];
  return cached;
}

export function composeRule(id: string): ComposeRule {
  const rule = composeRules().find((r) => r.id === id);
  if (!rule) throw new Error(`compose rule ${id} is not in suites/compose/rules.yaml`);
  return rule;
}

/** Whether a rule applies at a level: `restricted` includes `baseline`; `privileged` includes nothing. */
export function ruleApplies(rule: ComposeRule, level: RuleLevel): boolean {
  return RULE_LEVELS.indexOf(rule.level) <= RULE_LEVELS.indexOf(level) && level !== 'privileged';
}
