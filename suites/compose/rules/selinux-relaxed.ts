import { securityOpts, type RuleEvaluator } from './rule-evaluator.js';

/** The SELinux types PSS baseline allows. */
const ALLOWED_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** MCS-015: `label=disable`, `label=user:...`, `label=role:...`, or `label=type:` outside the container types. */
export const selinuxRelaxed: RuleEvaluator = (service) =>
  securityOpts(service.config).flatMap((o) => {
    if (o.key !== 'label') return [];
    const [field = '', value = ''] = o.value.split(':');
    if (field === 'disable') return [{ pointer: o.pointer, says: 'disables SELinux labelling' }];
    if (field === 'user' || field === 'role') return [{ pointer: o.pointer, says: `sets the SELinux ${field} ${value}` }];
    if (field === 'type' && !ALLOWED_TYPES.has(value)) return [{ pointer: o.pointer, says: `sets the SELinux type ${value}` }];
    return [];
  });
