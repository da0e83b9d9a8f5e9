import { bindMountsOf } from './classify-bind-mount.js';
import { isTrue, type RuleEvaluator } from './rule-evaluator.js';

/** MCS-009: a runtime socket bind-mounted, or `use_api_socket`, which mounts the Docker socket. */
export const runtimeSocket: RuleEvaluator = (service, project) => [
  ...bindMountsOf(service, project, 'runtime-socket').map((m) => ({ pointer: m.pointer, says: `mounts the runtime socket ${m.source}`, evidence: { source: m.source } })),
  ...(isTrue(service.config.use_api_socket) ? [{ pointer: '/use_api_socket', says: 'is true, which mounts the Docker socket' }] : []),
];
