/**
 * Outcomes in one explicit order, from least to most severe. A parent (a requirement, a run) is as bad
 * as its worst child. `skip` is the mildest: a check that does not apply says nothing against the
 * product. `waived` is a failure the operator accepted in a waivers file, with a reason and an expiry: it
 * ranks above `pass` so it stays visible, and below every real problem. `fail` ranks above `error` because a proven product failure must not be hidden by a harness
 * problem next to it; `error` still never counts as a product failure on its own.
 */
export const OUTCOMES = ['skip', 'pass', 'waived', 'indeterminate', 'error', 'fail'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function worstOutcome(outcomes: Iterable<Outcome>, empty: Outcome = 'skip'): Outcome {
  let worst: Outcome | undefined;
  for (const outcome of outcomes) {
    if (worst === undefined || OUTCOMES.indexOf(outcome) > OUTCOMES.indexOf(worst)) worst = outcome;
  }
  return worst ?? empty;
}

export function countOutcomes(outcomes: Iterable<Outcome>): Record<Outcome, number> {
  const counts = { skip: 0, pass: 0, waived: 0, indeterminate: 0, error: 0, fail: 0 };
  for (const outcome of outcomes) counts[outcome] += 1;
  return counts;
}
