import { securityOpts, type RuleEvaluator } from './rule-evaluator.js';

/** MCS-013: `seccomp:unconfined` / `seccomp=unconfined`. A custom profile file is allowed (PSS Localhost). */
export const seccompDisabled: RuleEvaluator = (service) =>
  securityOpts(service.config)
    .filter((o) => o.key === 'seccomp' && o.value.toLowerCase() === 'unconfined')
    .map((o) => ({ pointer: o.pointer, says: 'disables seccomp (unconfined)' }));
