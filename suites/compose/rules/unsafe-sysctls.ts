import { isRecord } from '../model/compose-project.js';
import type { RuleEvaluator } from './rule-evaluator.js';

/** The PSS baseline safe set (Kubernetes 1.29+). */
const SAFE = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);

/** MCS-017: sysctls (a mapping after normalisation) outside the safe set; `/` and `.` separators are equal. */
export const unsafeSysctls: RuleEvaluator = (service) => {
  const sysctls = isRecord(service.config.sysctls) ? service.config.sysctls : {};
  return Object.keys(sysctls)
    .filter((name) => !SAFE.has(name.replace(/\//g, '.')))
    .map((name) => ({ pointer: `/sysctls/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, says: `sets ${name}, outside the safe set`, evidence: { sysctl: name } }));
};
