import type { DeviceContext } from '../device-context.js';
import type { DeviceCapabilities } from '../device-options.js';
import { fillPath } from '../transport/fill-path.js';
import { WfmStatusError } from '../transport/wfm-client.js';
import { gatewayChildren, hostsWorkloads } from './gateway-children.js';

export interface CapabilitiesReporter {
  /** The capabilities last read. */
  current(): DeviceCapabilities;
  /** Whether the device's own report was accepted in this run (a gateway's children do not count). */
  reported(): boolean;
  /** Re-reads the source and reports each device not reported yet in this run (CAP-001) or whose body changed (CAP-002). */
  sync(context: DeviceContext): Promise<void>;
}

/** One capabilities report: the device's own, or a gateway child's under its full deviceId. */
interface Report {
  deviceId: string;
  child: boolean;
  body: Record<string, unknown>;
}

/**
 * Capabilities reports with the edition's methods: the create method until the WFM has accepted one for
 * that device, then the update method (rc.3 PUT/PUT, preview-1 POST/PUT). Every run reports once at start,
 * since reporting is the first call after connecting (CAP-001). The edition's envelope, if any, wraps the
 * body. A see-thru gateway reports itself, then each child in file order (CAP-013, DEV-010); each device is
 * reported again only when its own body changed.
 */
export function createCapabilitiesReporter(initial: DeviceCapabilities, source: () => DeviceCapabilities | Promise<DeviceCapabilities>): CapabilitiesReporter {
  let current = initial;
  let ownReported = false;
  let childrenIgnored = false;
  const lastSent = new Map<string, string>();
  return {
    current: () => current,
    reported: () => ownReported,
    async sync(context) {
      try {
        current = await source();
      } catch (cause) {
        context.log.emit({ event: 'config-error', reason: `capabilities not re-read, keeping the last ones: ${(cause as Error).message}` });
      }
      if (!childrenIgnored && !context.facts.seeThruGateways && (current.children?.length ?? 0) > 0) {
        childrenIgnored = true;
        context.log.emit({ event: 'config-error', reason: `"children" ignored: gateway mode needs an edition with per-device capabilities (${context.edition.id} has none)` });
      }
      const gateway = gatewayChildren(context.facts, context.deviceId, current);
      const own = ownProperties(context, current, gateway.length > 0);
      // DEV-010: each child with its own capabilities; the fault copies the gateway's properties under the child's id.
      const childProperties = (child: (typeof gateway)[number]) => (context.faults.has('reports-gateway-properties-for-children') ? { ...own, id: child.deviceId } : child.capabilities.properties);
      const children = gateway.map((child) => ({ deviceId: child.deviceId, child: true, body: bodyOf(context, childProperties(child), child.capabilities.labels) }));
      const reports: Report[] = [{ deviceId: context.deviceId, child: false, body: bodyOf(context, own, current.labels) }, ...children];
      // CAP-013: the gateway goes before its children; the fault reports the children first.
      if (context.faults.has('reports-children-before-gateway')) reports.push(...reports.splice(0, 1));
      for (const report of reports) {
        const text = JSON.stringify(report.body);
        const sent = lastSent.get(report.deviceId);
        if (sent !== undefined && (text === sent || context.faults.has('never-resends-capabilities'))) continue;
        const status = await send(context, report);
        if (status === undefined) {
          // A refusal may carry Retry-After (ERR-007); the rest of the cycle then waits too.
          if (!context.gate.isOpen(context.now())) return;
          continue;
        }
        lastSent.set(report.deviceId, text);
        if (!report.child) ownReported = true;
      }
    },
  };
}

/**
 * Sends one report; the WFM's status, or undefined when it answered 404 to a child: a WFM that does not
 * know the gateway yet refuses its children (CAP-013), so the child is tried again next cycle.
 */
async function send(context: DeviceContext, report: Report): Promise<number | undefined> {
  const { store } = context;
  const created = report.child ? (store.data.childCapabilitiesCreated ?? []).includes(report.deviceId) : store.data.capabilitiesCreated === true;
  const { create, update } = context.edition.api.capabilities;
  const method = created ? update.method : create.method;
  const path = fillPath(context.edition.api.paths.capabilities, { deviceId: report.deviceId, clientId: store.data.clientId });
  let status: number;
  try {
    status = (await context.client.expect({ method, path, json: report.body }, [200, 201, 204])).status;
  } catch (error) {
    if (!(report.child && error instanceof WfmStatusError && error.answer.status === 404)) throw error;
    context.gate.failed(error, { now: context.now(), quiet: context.quiet(context.now()) });
    return undefined;
  }
  context.gate.succeeded();
  context.log.emit({ event: 'capabilities-sent', deviceId: report.deviceId, method, status });
  if (!created) {
    if (report.child) store.data.childCapabilitiesCreated = [...(store.data.childCapabilitiesCreated ?? []), report.deviceId];
    else store.data.capabilitiesCreated = true;
    await store.save();
  }
  return status;
}

/** The device's own properties, with `id` forced to the device id of the path (CAP-014). */
function ownProperties(context: DeviceContext, capabilities: DeviceCapabilities, gateway: boolean): Record<string, unknown> {
  const properties: Record<string, unknown> = { ...capabilities.properties, id: context.deviceId };
  if (!gateway) return properties;
  if (hostsWorkloads(properties)) {
    // DEV-011: a gateway that hosts workloads reports its resources; the fault leaves them out.
    if (!context.faults.has('hosting-gateway-omits-resources')) return properties;
    const { cpus: _cpus, memory: _memory, storage: _storage, ...rest } = properties;
    return rest;
  }
  // CAP-009: a gateway that hosts nothing leaves out every hosting field; the fault still sends two defaults.
  return context.faults.has('non-hosting-gateway-reports-collector') ? { ...properties, otelCollector: false, peripherals: [] } : properties;
}

function bodyOf(context: DeviceContext, properties: Record<string, unknown>, labels: Record<string, unknown> | undefined): Record<string, unknown> {
  const envelope = context.edition.api.envelope;
  return {
    ...(envelope ? { apiVersion: envelope.apiVersion.capabilities, kind: envelope.kind.capabilities } : {}),
    ...context.facts.capabilitiesBody(properties, labels),
  };
}
