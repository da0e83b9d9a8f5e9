import { bindMountsOf } from './classify-bind-mount.js';
import type { RuleEvaluator } from './rule-evaluator.js';

/** MCS-011: PSS baseline forbids hostPath volumes outright; sockets and sensitive paths are MCS-009/010. */
export const hostPathMount: RuleEvaluator = (service, project) =>
  bindMountsOf(service, project, 'host-path').map((m) => ({ pointer: m.pointer, says: `bind-mounts the host path ${m.source}`, evidence: { source: m.source } }));
