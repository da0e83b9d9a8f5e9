import { isRecord } from '../model/compose-project.js';
import type { RuleEvaluator } from './rule-evaluator.js';

const MAX_RETRIES = 5;

/** MCS-029: `always`, `unless-stopped` and `on-failure` without a count of at most 5 restart without bound (CIS 5.14). */
export const restartPolicy: RuleEvaluator = (service) => {
  const violations = [];
  const restart = service.config.restart;
  if (typeof restart === 'string') {
    const [policy = '', count] = restart.split(':');
    const bounded = policy === 'no' || (policy === 'on-failure' && count !== undefined && Number(count) >= 1 && Number(count) <= MAX_RETRIES);
    if (!bounded) violations.push({ pointer: '/restart', says: `is ${restart}, which restarts without bound` });
  }
  const deploy = isRecord(service.config.deploy) ? service.config.deploy : {};
  const policy = isRecord(deploy.restart_policy) ? deploy.restart_policy : undefined;
  if (policy) {
    const attempts = Number(policy.max_attempts);
    if (policy.condition !== 'none' && !(attempts >= 1 && attempts <= MAX_RETRIES)) {
      violations.push({ pointer: '/deploy/restart_policy', says: `has no max_attempts between 1 and ${MAX_RETRIES}` });
    }
  }
  return violations;
};
