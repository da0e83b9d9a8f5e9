import { isTrue, type RuleEvaluator } from './rule-evaluator.js';

/** MCS-020. */
export const writableRootFilesystem: RuleEvaluator = (service) =>
  isTrue(service.config.read_only) ? [] : [service.config.read_only === undefined ? { pointer: '', says: 'does not set read_only true' } : { pointer: '/read_only', says: `is ${String(service.config.read_only)}` }];
