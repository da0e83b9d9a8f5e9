import type { RuleEvaluator } from './rule-evaluator.js';

/**
 * MCS-019: user must name a non-root user. Without user the image decides, which we cannot see; PSS
 * restricted likewise demands runAsNonRoot explicitly. A user name other than root is accepted.
 */
export const runsAsRoot: RuleEvaluator = (service) => {
  const user = service.config.user;
  if (user === undefined || user === null || user === '') return [{ pointer: '', says: 'does not set user, so the image decides and may run as root' }];
  const name = String(user).split(':')[0]?.trim() ?? '';
  return name === '0' || name === 'root' ? [{ pointer: '/user', says: `is ${String(user)}, which is root` }] : [];
};
