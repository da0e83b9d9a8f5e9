import { publishedPorts } from '../model/ports.js';
import type { RuleEvaluator } from './rule-evaluator.js';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '']);

/** MCS-022: a published port without a host interface, or with the wildcard one. */
export const allInterfacesPort: RuleEvaluator = (service) =>
  publishedPorts(service.config)
    .filter((port) => ALL_INTERFACES.has(port.hostIp ?? ''))
    .map((port) => ({ pointer: port.pointer, says: `publishes container port ${port.target} on all host interfaces` }));
