import type { EditionId } from '../core/catalog/types.js';

/** One deliberate deviation a reference implementation can ship, read at exactly one switch point. */
export interface Fault {
  id: string;
  /**
   * Catalog IDs a correct black-box suite fails when this fault is on, and no others. For an edition, the
   * expected failing set is `breaks` narrowed to the rows of that edition.
   */
  breaks: string[];
  /** Editions in which the fault is observable; absent means both. */
  editions?: EditionId[];
  /** Which run shows it: `fleet` for faults only concurrent clients reveal (the profile's self-test skips them). @default the profile run */
  caughtBy?: 'fleet';
  summary: string;
}

export const RC3: EditionId[] = ['1.0.0-rc.3'];
export const PREVIEW1: EditionId[] = ['preview-1'];

/** The faults switched on for one run; `has` is the only way code asks about them. */
export interface SwitchedFaults<Id extends string> {
  has(id: Id): boolean;
  readonly ids: readonly Id[];
}

/** Validates fault names against a table; throws one line naming the unknown fault and the known ones. */
export function switchFaults<Id extends string>(table: readonly { id: Id }[], names: readonly string[], what: string): SwitchedFaults<Id> {
  const known = new Set<string>(table.map((fault) => fault.id));
  for (const name of names) {
    if (!known.has(name)) throw new Error(`Unknown ${what} fault "${name}". Use one of: ${[...known].sort().join(', ')}.`);
  }
  const ids = [...new Set(names)].sort() as Id[];
  const active = new Set<string>(ids);
  return { ids, has: (id) => active.has(id) };
}
