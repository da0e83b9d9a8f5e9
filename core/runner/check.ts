import type { Finding } from '../results/model.js';

/**
 * A check is a plain function plus metadata. It returns findings for the requirements it covers; the
 * runner records `pass` for every covered requirement it reported nothing against. A check never
 * prints and never throws for product faults: a throw is recorded as `error`.
 */
export interface Check<Context> {
  /** Stable, kebab-case, prefixed by its suite: `package-format/application-id`. */
  id: string;
  title: string;
  /** Every catalog ID this check can decide. */
  requirements: string[];
  run(context: Context): Finding[] | Promise<Finding[]>;
}

export function defineCheck<Context>(check: Check<Context>): Check<Context> {
  return check;
}
