export { ARCHIVE_CHECKS, composeChecks } from './compose-checks.js';
export { checkComposeFile, type CheckComposeFileOptions } from './check-compose-file.js';
export type { ComposeArchive, ComposeContext, ComposeOci } from './compose-context.js';
export { loadComposeInput, type ComposeInput, type ComposeInputOptions } from './load/load-compose-input.js';
export { loadCompose, type LoadComposeOptions } from './model/load-compose.js';
export { parseEnvFile } from './model/parse-env-file.js';
export { RULE_LEVELS, composeRule, composeRules, ruleApplies, type ComposeRule, type RuleLevel, type Severity } from './rules.js';
export { RULE_EVALUATORS } from './rules/index.js';
export { WAIVED_OUTCOME, findWaiver, parseWaivers, type Waiver } from './waivers.js';
