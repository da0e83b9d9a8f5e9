import type { HttpExchange } from '../../core/results/model.js';

/** One judged exchange: it kept or broke a requirement, for one device. */
export interface FleetViolation {
  requirement: string;
  device: string;
  message: string;
  exchange?: HttpExchange;
}

export interface RequirementTally {
  /** Exchanges that kept the requirement. */
  kept: number;
  broken: number;
  /** The first exchanges that kept it: evidence for a pass. */
  samples: HttpExchange[];
  /** The first violations, with their exchanges. */
  violations: FleetViolation[];
}

/**
 * What the fleet saw, per requirement, with bounded memory: counts of every judgement, the first few
 * passing exchanges as evidence and the first violations with their exchanges. Exchanges are built only
 * when kept (`exchange` is a thunk), so judging hundreds of requests per second costs no copies.
 */
export interface FleetObservations {
  kept(requirement: string, exchange: () => HttpExchange): void;
  broken(requirement: string, device: string, message: string, exchange?: () => HttpExchange): void;
  /** Requirements some device decided, with their tallies. */
  readonly tallies: ReadonlyMap<string, RequirementTally>;
}

const SAMPLES = 3;
const VIOLATIONS = 20;

export function createFleetObservations(): FleetObservations {
  const tallies = new Map<string, RequirementTally>();
  const tally = (requirement: string) => {
    let found = tallies.get(requirement);
    if (!found) {
      found = { kept: 0, broken: 0, samples: [], violations: [] };
      tallies.set(requirement, found);
    }
    return found;
  };
  return {
    tallies,
    kept(requirement, exchange) {
      const t = tally(requirement);
      t.kept += 1;
      if (t.samples.length < SAMPLES) t.samples.push(exchange());
    },
    broken(requirement, device, message, exchange) {
      const t = tally(requirement);
      t.broken += 1;
      if (t.violations.length < VIOLATIONS) t.violations.push({ requirement, device, message, ...(exchange ? { exchange: exchange() } : {}) });
    },
  };
}
