import { bindMountsOf } from './classify-bind-mount.js';
import type { RuleEvaluator } from './rule-evaluator.js';

/** MCS-010. */
export const sensitiveHostPath: RuleEvaluator = (service, project) =>
  bindMountsOf(service, project, 'sensitive-path').map((m) => ({ pointer: m.pointer, says: `bind-mounts the host path ${m.source}`, evidence: { source: m.source } }));
