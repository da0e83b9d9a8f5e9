import { securityOpts, type RuleEvaluator } from './rule-evaluator.js';

/** MCS-014: `apparmor:unconfined` / `apparmor=unconfined`; a named profile is allowed (PSS localhost/*). */
export const apparmorDisabled: RuleEvaluator = (service) =>
  securityOpts(service.config)
    .filter((o) => o.key === 'apparmor' && o.value.toLowerCase() === 'unconfined')
    .map((o) => ({ pointer: o.pointer, says: 'disables AppArmor (unconfined)' }));
