import { ineligibility, sameValue, type ValueComparison } from '../../eligibility/evaluate-eligibility.js';
import { isRecord } from '../../eligibility/resolve-pointer.js';
import type { FaultSet } from '../faults.js';

/** A device the WFM may place a deployment on, with the capabilities its client last reported for it. */
export interface PlacementCandidate {
  client: string;
  deviceId: string;
  /** The accepted capabilities body; undefined when the client is unknown or never reported this device. */
  capabilities: unknown;
}

/** The first candidate that can host the profile, or why each one cannot. */
export type PlacementDecision = { chosen: PlacementCandidate } | { reasons: string[] };

const UNIT_SHIFTS: Record<string, bigint> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };

/**
 * The WFM's own placement of a deployment profile (rc.3): candidates in the given order, the first that
 * fits is chosen. A candidate fits when it reported capabilities, runs the profile's deployment type, and
 * meets the profile's `deviceConstraints`: eligibility rules (DS-033, DS-034) and capacity (CAP-010).
 */
export function choosePlacement(candidates: PlacementCandidate[], profile: Record<string, unknown>, faults: FaultSet): PlacementDecision {
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const reason = unfitness(candidate.capabilities, profile, faults);
    if (reason === undefined) return { chosen: candidate };
    reasons.push(`${candidate.client} device "${candidate.deviceId}": ${reason}`);
  }
  return { reasons };
}

function unfitness(capabilities: unknown, profile: Record<string, unknown>, faults: FaultSet): string | undefined {
  const properties = isRecord(capabilities) ? capabilities['properties'] : undefined;
  if (!isRecord(capabilities) || !isRecord(properties)) return 'no capabilities reported';
  const types = Array.isArray(properties['supportedDeploymentTypes']) ? properties['supportedDeploymentTypes'] : [];
  if (!types.includes(profile['type'])) return `deployment type "${String(profile['type'])}" is not among its supportedDeploymentTypes`;
  const constraints = isRecord(profile['deviceConstraints']) ? profile['deviceConstraints'] : undefined;
  const labels = isRecord(capabilities['labels']) ? capabilities['labels'] : {};
  const compare = faults.has('matches-values-ignoring-case') ? sameIgnoringCase : sameValue;
  const ineligible = faults.has('places-without-eligibility-check') ? undefined : ineligibility(constraints, { properties, labels }, { compare });
  if (ineligible) return `${ineligible} (DS-033, DS-034)`;
  const shortfall = capacityShortfall(constraints?.['capacityRequirements'], properties, faults);
  return shortfall ? `${shortfall} (CAP-010)` : undefined;
}

/**
 * CAP-010: `cpu.cores` fit in ONE `cpus` entry (of an allowed architecture, when `cpu.architectures` is
 * given), never in several added up; `memory` and `storage` at most the device's. A device field that is
 * absent or unreadable does not fit, nor does a requirement we cannot read: placing there could break it.
 */
function capacityShortfall(requirements: unknown, properties: Record<string, unknown>, faults: FaultSet): string | undefined {
  if (requirements === undefined) return undefined;
  if (!isRecord(requirements)) return 'capacityRequirements is not an object';
  if (requirements['cpu'] !== undefined) {
    const shortfall = cpuShortfall(requirements['cpu'], properties['cpus'], faults);
    if (shortfall) return shortfall;
  }
  // capacity-units-ignored: amounts compared by their numbers alone, so 1024Mi seems to hold 2Gi (DS-033).
  const amountOf = faults.has('capacity-units-ignored') ? numberOf : bytesOf;
  for (const field of ['memory', 'storage'] as const) {
    if (requirements[field] === undefined) continue;
    const needed = amountOf(requirements[field]);
    if (needed === undefined) return `capacityRequirements.${field} ${JSON.stringify(requirements[field])} is not a whole number with Ki, Mi, Gi, Ti, Pi or Ei`;
    if (properties[field] === undefined) return `it reports no ${field}`;
    const offered = amountOf(properties[field]);
    if (offered === undefined) return `its ${field} ${JSON.stringify(properties[field])} is not a whole number with Ki, Mi, Gi, Ti, Pi or Ei`;
    if (offered < needed) return `its ${field} ${String(properties[field])} is less than the ${String(requirements[field])} required`;
  }
  return undefined;
}

function cpuShortfall(cpu: unknown, cpus: unknown, faults: FaultSet): string | undefined {
  const cores = isRecord(cpu) ? cpu['cores'] : undefined;
  if (!isRecord(cpu) || typeof cores !== 'number') return 'capacityRequirements.cpu.cores is not a number';
  const architectures = cpu['architectures'];
  if (architectures !== undefined && !Array.isArray(architectures)) return 'capacityRequirements.cpu.architectures is not a list';
  const of = architectures ? ` of architecture ${architectures.join(' or ')}` : '';
  const offered = (Array.isArray(cpus) ? cpus : [])
    .filter((entry) => isRecord(entry) && (architectures === undefined || architectures.includes(entry['architecture'])))
    .flatMap((entry) => (typeof entry['cores'] === 'number' ? [entry['cores']] : []));
  if (offered.length === 0) return `it reports no cpus entry${of} with cores`;
  const available = faults.has('sums-cores-across-cpus') ? offered.reduce((sum, n) => sum + n, 0) : Math.max(...offered);
  return available < cores ? `no single cpus entry${of} has ${cores} cores (the largest has ${Math.max(...offered)})` : undefined;
}

/** `512Mi` -> bytes; binary units (PKG memory and storage patterns). BigInt: `Ei` counts beyond 2^53. */
function bytesOf(quantity: unknown): bigint | undefined {
  const match = typeof quantity === 'string' ? /^([0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei)$/.exec(quantity) : null;
  return match ? BigInt(match[1] as string) << (UNIT_SHIFTS[match[2] as string] as bigint) : undefined;
}

/** The fault's reading of an amount: its number, the unit dropped. */
function numberOf(quantity: unknown): bigint | undefined {
  return bytesOf(quantity) === undefined ? undefined : BigInt(/^[0-9]+/.exec(quantity as string)?.[0] ?? '0');
}

/** The fault's comparison: strings equal whatever their case. */
const sameIgnoringCase: ValueComparison = (a, b) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : sameValue(a, b));
