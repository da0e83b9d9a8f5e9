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
