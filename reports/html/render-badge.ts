import { DISPLAY_OUTCOME_LABELS, type DisplayOutcome } from './display-outcome.js';

/** An outcome badge. The label is text, not colour alone, so it survives black-and-white printing. */
export function renderBadge(outcome: DisplayOutcome): string {
  return `<span class="badge badge-${outcome}">${DISPLAY_OUTCOME_LABELS[outcome]}</span>`;
}
