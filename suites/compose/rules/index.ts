import { allInterfacesPort } from './all-interfaces-port.js';
import { apparmorDisabled } from './apparmor-disabled.js';
import { capabilitiesBaseline } from './capabilities-baseline.js';
import { capabilitiesRestricted } from './capabilities-restricted.js';
import { hostDevices } from './host-devices.js';
import { hostIpc, hostNetwork, hostPid, hostUserns, hostUts } from './host-namespace.js';
import { hostPathMount } from './host-path-mount.js';
import { imageDigest } from './image-digest.js';
import { imageLatest } from './image-latest.js';
import { literalSecret } from './literal-secret.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { privilegedContainer } from './privileged-container.js';
import { privilegedHostPort } from './privileged-host-port.js';
import { cpuLimit, memoryLimit, pidsLimit } from './resource-limit.js';
import { restartPolicy } from './restart-policy.js';
import type { RuleEvaluator } from './rule-evaluator.js';
import { runsAsRoot } from './runs-as-root.js';
import { runtimeSocket } from './runtime-socket.js';
import { seccompDisabled } from './seccomp-disabled.js';
import { selinuxRelaxed } from './selinux-relaxed.js';
import { sensitiveHostPath } from './sensitive-host-path.js';
import { unmaskedProc } from './unmasked-proc.js';
import { unsafeSysctls } from './unsafe-sysctls.js';
import { writableRootFilesystem } from './writable-root-filesystem.js';

export type { RuleEvaluator, Violation } from './rule-evaluator.js';

/** Each rule ID of rules.yaml and the function deciding it; the catalog test checks both sides match. */
export const RULE_EVALUATORS: Readonly<Record<string, RuleEvaluator>> = {
  'MCS-001': privilegedContainer,
  'MCS-002': capabilitiesBaseline,
  'MCS-003': capabilitiesRestricted,
  'MCS-004': hostNetwork,
  'MCS-005': hostPid,
  'MCS-006': hostIpc,
  'MCS-007': hostUts,
  'MCS-008': hostUserns,
  'MCS-009': runtimeSocket,
  'MCS-010': sensitiveHostPath,
  'MCS-011': hostPathMount,
  'MCS-012': hostDevices,
  'MCS-013': seccompDisabled,
  'MCS-014': apparmorDisabled,
  'MCS-015': selinuxRelaxed,
  'MCS-016': unmaskedProc,
  'MCS-017': unsafeSysctls,
  'MCS-018': privilegeEscalation,
  'MCS-019': runsAsRoot,
  'MCS-020': writableRootFilesystem,
  'MCS-021': privilegedHostPort,
  'MCS-022': allInterfacesPort,
  'MCS-023': imageLatest,
  'MCS-024': imageDigest,
  'MCS-025': literalSecret,
  'MCS-026': memoryLimit,
  'MCS-027': cpuLimit,
  'MCS-028': pidsLimit,
  'MCS-029': restartPolicy,
};
