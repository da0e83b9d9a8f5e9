import { isTrue, type RuleEvaluator } from './rule-evaluator.js';

/** MCS-001. */
export const privilegedContainer: RuleEvaluator = (service) =>
  isTrue(service.config.privileged) ? [{ pointer: '/privileged', says: 'is true' }] : [];
