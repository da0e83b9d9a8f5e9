import type { Check } from '../../core/runner/check.js';
import type { HttpExchange } from '../../core/results/model.js';
import type { FleetSimulation } from '../../instruments/fleet-simulator/index.js';

/** What every fleet check gets: the simulated fleet's observations, and a way to log an exchange as evidence. */
export interface FleetContext {
  simulation: FleetSimulation;
  /** Puts an exchange in the run-wide traffic log and returns its id. */
  cite(exchange: HttpExchange, check: string): string;
  /** Requirements this run decides. */
  scope: ReadonlySet<string>;
}

export type FleetCheck = Check<FleetContext>;
