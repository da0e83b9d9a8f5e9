import { securityOpts, type RuleEvaluator } from './rule-evaluator.js';

/** MCS-016: Docker's equivalent of `procMount: Unmasked`. */
export const unmaskedProc: RuleEvaluator = (service) =>
  securityOpts(service.config)
    .filter((o) => o.key === 'systempaths' && o.value.toLowerCase() === 'unconfined')
    .map((o) => ({ pointer: o.pointer, says: 'unmasks /proc and /sys (systempaths=unconfined)' }));
