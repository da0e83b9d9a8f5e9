import { isRecord } from '../model/compose-project.js';
import type { RuleEvaluator } from './rule-evaluator.js';

/** The service key and the `deploy.resources.limits` key that set one limit. */
function requiresLimit(serviceKey: string, deployKey: string, what: string): RuleEvaluator {
  return (service) => {
    const deploy = isRecord(service.config.deploy) ? service.config.deploy : {};
    const resources = isRecord(deploy.resources) ? deploy.resources : {};
    const limits = isRecord(resources.limits) ? resources.limits : {};
    const set = (value: unknown) => value !== undefined && value !== null && value !== '' && value !== 0 && value !== '0' && value !== -1;
    return set(service.config[serviceKey]) || set(limits[deployKey]) ? [] : [{ pointer: '', says: `sets no ${what} (${serviceKey} or deploy.resources.limits.${deployKey})` }];
  };
}

/** MCS-026. */
export const memoryLimit = requiresLimit('mem_limit', 'memory', 'memory limit');
/** MCS-027. */
export const cpuLimit = requiresLimit('cpus', 'cpus', 'CPU limit');
/** MCS-028. */
export const pidsLimit = requiresLimit('pids_limit', 'pids', 'PIDs limit');
