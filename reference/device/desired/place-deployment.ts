import { WASM_EXTENSION } from '../../../core/protocol/wasm-convention.js';
import { gatewayChildren, type ChildDevice } from '../capabilities/gateway-children.js';
import type { DeviceContext } from '../device-context.js';
import type { ParsedDeployment } from './parse-deployment.js';
import { refusalOf, type Host, type Refusal } from './refusal-of.js';

/** Where a deployment runs, or why it is not installed at all. */
export interface Placement {
  /** Set on a gateway only: the device hosting the deployment, itself or a child (ST-010); absent when none does. */
  hostDeviceId?: string;
  refusal?: Refusal;
}

/** The device a deployment's `metadata.deviceId` leads to, or why none. */
interface Target {
  host?: Host;
  refusal?: Refusal;
  /** Placed by the gateway itself (`<gatewayId>/*`, DEV-013). */
  autonomous?: boolean;
}

/**
 * Places a deployment by its rc.3 `metadata.deviceId` (DS-030). Checks, in the order a device without
 * children has always made them: unknown `x-*-extensions` (no reason to refuse, DS-038; only the fault
 * refuses), the target device, then the profile type and eligibility against the capabilities of the
 * device that hosts it (PKG-017, DS-032). A device hosts what names itself; a see-thru gateway also
 * hosts, on its children, what names `<own>/<child>` or `<own>/*` (DEV-013).
 */
export function placeDeployment(context: DeviceContext, deployment: ParsedDeployment): Placement {
  // The Wasm extension is the device's own (its Wasm runtime reads it), so it is never unknown.
  const unknown = deployment.extensions.filter((key) => key !== WASM_EXTENSION);
  const extension = context.faults.has('fails-on-unknown-extensions') && unknown.length > 0 ? { code: 'unknown-extension', message: `unsupported extensions ${unknown.join(', ')}` } : undefined;
  const own: Host = { deviceId: context.deviceId, capabilities: context.capabilities() };
  const children = gatewayChildren(context.facts, context.deviceId, own.capabilities);
  const target = targetOf(context, deployment, own, children);
  // ST-010: the fault names the gateway as host of what it placed on a child itself.
  const hostDeviceId = target.autonomous && context.faults.has('autonomous-status-names-gateway') ? context.deviceId : target.host?.deviceId;
  const refusal = extension ?? target.refusal ?? (target.host && refusalOf(context, deployment, target.host));
  return { ...(children.length > 0 && hostDeviceId !== undefined ? { hostDeviceId } : {}), ...(refusal ? { refusal } : {}) };
}

function targetOf(context: DeviceContext, deployment: ParsedDeployment, own: Host, children: ChildDevice[]): Target {
  const wanted = deployment.deviceId;
  if (wanted === undefined || wanted === context.deviceId) return { host: own };
  if (children.length === 0 || !wanted.startsWith(`${context.deviceId}/`)) {
    return { refusal: { code: 'wrong-device', message: `the deployment targets device "${wanted}"; this is "${context.deviceId}" (DS-030)` } };
  }
  if (wanted === `${context.deviceId}/*`) {
    // DEV-013: the first reachable child, in file order, that runs the profile type and is eligible; the fault forgets reachability.
    const reasons: string[] = [];
    for (const child of children) {
      const refusal = child.reachable || context.faults.has('places-on-unreachable-child') ? refusalOf(context, deployment, child) : { message: 'unreachable' };
      if (!refusal) return { host: child, autonomous: true };
      reasons.push(`${child.deviceId}: ${refusal.message}`);
    }
    return { refusal: gatewayError(context, 'no-eligible-child', `no child device can host the deployment (${reasons.join('; ')}) (DEV-013)`) };
  }
  // DEV-013: 101 unknown child device (deeper nesting included: a see-thru gateway knows its children only), 102 unreachable.
  const child = children.find((candidate) => candidate.deviceId === wanted);
  if (!child) return { refusal: gatewayError(context, context.faults.has('unknown-child-reported-unreachable') ? '102' : '101', `no child device "${wanted}" is behind this gateway`) };
  if (!child.reachable) return { refusal: gatewayError(context, '102', `child device "${wanted}" cannot be reached`) };
  return { host: child };
}

/** ST-010: an error the gateway raises itself names it as the source; the fault leaves the source out. */
function gatewayError(context: DeviceContext, code: string, message: string): Refusal {
  return { code, message, ...(context.faults.has('gateway-error-without-source') ? {} : { source: context.deviceId }) };
}
