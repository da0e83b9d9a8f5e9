import type { FaultSet } from '../faults.js';

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What the schema validator sees of a capabilities body: the body itself, or under a fault the view a lax
 * WFM validates (the stored body is unchanged). Faults: supportedDeploymentTypes checked as strings only
 * (CAP-011); cores optional in a cpu entry (API-008); canbus and rs232 missing from the interface types (CAP-011).
 */
export function capabilitiesAsValidated(document: unknown, faults: FaultSet): unknown {
  if (!isJson(document) || !isJson(document['properties'])) return document;
  let properties = document['properties'];
  const types = properties['supportedDeploymentTypes'];
  if (faults.has('capabilities-deployment-type-unchecked') && Array.isArray(types)) {
    properties = { ...properties, supportedDeploymentTypes: types.map((type) => (typeof type === 'string' ? 'custom' : type)) };
  }
  if (faults.has('capabilities-cpu-cores-optional')) {
    const withCores = (cpu: unknown) => (isJson(cpu) && cpu['cores'] === undefined ? { ...cpu, cores: 1 } : cpu);
    if (Array.isArray(properties['cpus'])) properties = { ...properties, cpus: properties['cpus'].map(withCores) };
    const resources = properties['resources'];
    if (isJson(resources)) properties = { ...properties, resources: { ...resources, cpu: withCores(resources['cpu']) } };
  }
  if (faults.has('interface-types-from-older-list')) {
    // An interface list without the fieldbus types (canbus, rs232): a device reporting one is refused (CAP-011).
    const older = (entries: unknown) => (Array.isArray(entries) ? entries.map((entry) => (isJson(entry) && (entry['type'] === 'canbus' || entry['type'] === 'rs232') ? { ...entry, type: `unsupported:${String(entry['type'])}` } : entry)) : entries);
    if (properties['interfaces'] !== undefined) properties = { ...properties, interfaces: older(properties['interfaces']) };
    const resources = properties['resources'];
    if (isJson(resources) && resources['interfaces'] !== undefined) properties = { ...properties, resources: { ...resources, interfaces: older(resources['interfaces']) } };
  }
  return properties === document['properties'] ? document : { ...document, properties };
}

/**
 * What the status validator sees of a report, under a fault: removal states refused as if the WFM knew only
 * the install states (ST-009); the body deploymentId replaced by the path's, so a contradiction goes unseen (ST-012).
 */
export function statusAsValidated(report: unknown, deploymentId: string, faults: FaultSet): unknown {
  if (!isJson(report)) return report;
  let view = report;
  if (faults.has('status-deployment-id-from-path')) view = { ...view, deploymentId };
  // status-pending-refused: pending taken for the WFM's own state (assigned, not yet seen), so a device reporting it is refused (ST-009).
  if (faults.has('status-pending-refused') && isJson(view['status']) && view['status']['state'] === 'pending') view = { ...view, status: { ...view['status'], state: 'unsupported:pending' } };
  if (faults.has('status-removal-states-refused')) {
    const refuse = (entry: unknown) => (isJson(entry) && (entry['state'] === 'removing' || entry['state'] === 'removed') ? { ...entry, state: `unsupported:${String(entry['state'])}` } : entry);
    view = { ...view, status: refuse(view['status']), components: Array.isArray(view['components']) ? view['components'].map(refuse) : view['components'] };
  }
  return view;
}
