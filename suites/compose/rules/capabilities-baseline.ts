import { capabilityName, stringList, type RuleEvaluator } from './rule-evaluator.js';

/** The PSS baseline allow-list of added capabilities. */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** MCS-002: every added capability outside the allow-list (`ALL` included). */
export const capabilitiesBaseline: RuleEvaluator = (service) =>
  stringList(service.config.cap_add).flatMap((raw, index) => {
    const name = capabilityName(raw);
    return BASELINE_CAPABILITIES.has(name) ? [] : [{ pointer: `/cap_add/${index}`, says: `adds ${name}, outside the baseline allow-list`, evidence: { capability: name } }];
  });
