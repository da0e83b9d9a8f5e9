import type { RequirementResult } from '../../core/results/model.js';

/**
 * The outcome a reader sees for a requirement: an extended-level (SHOULD/MAY) failure is a `warning`,
 * never a failure, because it does not decide the verdict. Listed in the order the report shows them.
 */
export const DISPLAY_OUTCOMES = ['fail', 'error', 'warning', 'indeterminate', 'waived', 'pass', 'skip', 'not-covered'] as const;
export type DisplayOutcome = (typeof DISPLAY_OUTCOMES)[number];

export const DISPLAY_OUTCOME_LABELS: Record<DisplayOutcome, string> = {
  fail: 'Fail',
  error: 'Error',
  warning: 'Warning',
  indeterminate: 'Indeterminate',
  waived: 'Waived',
  pass: 'Pass',
  skip: 'Skipped',
  'not-covered': 'Not covered',
};

export function displayOutcome(requirement: Pick<RequirementResult, 'outcome' | 'level'>): DisplayOutcome {
  return requirement.outcome === 'fail' && requirement.level === 'extended' ? 'warning' : requirement.outcome;
}
