import { isTrue, securityOpts, type RuleEvaluator } from './rule-evaluator.js';

/** MCS-018: `no-new-privileges` or `no-new-privileges:true` (Docker's allowPrivilegeEscalation: false). */
export const privilegeEscalation: RuleEvaluator = (service) => {
  const option = securityOpts(service.config).find((o) => o.key === 'no-new-privileges');
  if (option && (option.value === '' || isTrue(option.value))) return [];
  return [option ? { pointer: option.pointer, says: `sets no-new-privileges to ${option.value}` } : { pointer: '', says: 'does not set security_opt no-new-privileges:true' }];
};
