import { lowestHostPort, publishedPorts } from '../model/ports.js';
import type { RuleEvaluator } from './rule-evaluator.js';

/** MCS-021: a published host port (or the start of a range) below 1024. */
export const privilegedHostPort: RuleEvaluator = (service) =>
  publishedPorts(service.config).flatMap((port) => {
    const low = port.published === undefined ? undefined : lowestHostPort(port.published);
    return low !== undefined && low > 0 && low < 1024 ? [{ pointer: port.pointer, says: `publishes host port ${port.published}, below 1024`, evidence: { published: port.published } }] : [];
  });
