import type { RuleEvaluator } from './rule-evaluator.js';

/** MCS-004..MCS-008: one evaluator per namespace key; each is `host` when shared with the host. */
function sharesHost(key: 'network_mode' | 'pid' | 'ipc' | 'uts' | 'userns_mode'): RuleEvaluator {
  return (service) => {
    const value = service.config[key];
    return typeof value === 'string' && value.trim().toLowerCase() === 'host' ? [{ pointer: `/${key}`, says: 'is host' }] : [];
  };
}

export const hostNetwork = sharesHost('network_mode');
export const hostPid = sharesHost('pid');
export const hostIpc = sharesHost('ipc');
export const hostUts = sharesHost('uts');
export const hostUserns = sharesHost('userns_mode');
