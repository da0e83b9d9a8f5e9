import { BASELINE_CAPABILITIES } from './capabilities-baseline.js';
import { capabilityName, stringList, type RuleEvaluator } from './rule-evaluator.js';

/**
 * MCS-003: cap_drop must hold ALL, and only NET_BIND_SERVICE may be added back. Additions outside the
 * baseline allow-list are MCS-002's, so one setting is reported under one rule.
 */
export const capabilitiesRestricted: RuleEvaluator = (service) => {
  const drops = stringList(service.config.cap_drop).map(capabilityName);
  const violations = drops.includes('ALL') ? [] : [{ pointer: drops.length > 0 ? '/cap_drop' : '', says: drops.length > 0 ? `drops ${drops.join(', ')} but not ALL` : 'does not set cap_drop [ALL]' }];
  stringList(service.config.cap_add).forEach((raw, index) => {
    const name = capabilityName(raw);
    if (name !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.has(name)) violations.push({ pointer: `/cap_add/${index}`, says: `adds ${name}; restricted allows only NET_BIND_SERVICE` });
  });
  return violations;
};
