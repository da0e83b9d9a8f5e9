import type { Finding } from '../../core/results/model.js';
import { ruleFindings } from './rule-findings.js';
import { RULE_EVALUATORS } from './rules/index.js';
import { composeRules, ruleApplies, type RuleLevel } from './rules.js';
import { loadCompose } from './model/load-compose.js';
import type { Environment } from './model/interpolate.js';
import type { Waiver } from './waivers.js';

export interface CheckComposeFileOptions {
  /** File name used in messages and locations. @default 'compose.yaml' */
  file?: string;
  /** Only the rules of this level. @default 'restricted' (every rule) */
  level?: RuleLevel;
  env?: Environment;
  waivers?: readonly Waiver[];
  /** `YYYY-MM-DD` for waiver expiry. @default today */
  today?: string;
}

/**
 * The content rules on one Compose text, without the run and report machinery: for the bench and for
 * embedding. Returns every non-passing finding, sorted by rule, then position.
 */
export function checkComposeFile(text: string, options: CheckComposeFileOptions = {}): Finding[] {
  const level = options.level ?? 'restricted';
  const project = loadCompose({ file: options.file ?? 'compose.yaml', text, env: options.env ?? new Map() });
  if (project.document === undefined) {
    return project.problems.map((p) => ({ requirement: 'CMP-005', outcome: 'fail', message: `${p.file}: ${p.message} (CMP-005).` }));
  }
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  return composeRules()
    .filter((rule) => ruleApplies(rule, level))
    .flatMap((rule) => ruleFindings(rule, RULE_EVALUATORS[rule.id] ?? (() => []), project, { waivers: options.waivers ?? [], today }));
}
