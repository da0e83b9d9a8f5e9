import { OUTCOMES } from '../../core/results/outcome.js';
import type { RunResults } from '../../core/results/model.js';
import { DISPLAY_OUTCOMES, DISPLAY_OUTCOME_LABELS, type DisplayOutcome } from './display-outcome.js';

const LEVEL_ROWS = [
  { level: 'core', label: 'Core (MUST)' },
  { level: 'extended', label: 'Extended (SHOULD, MAY)' },
] as const;
const LEVEL_COLUMNS = ['pass', 'fail', 'error', 'indeterminate', 'waived', 'skip', 'not-covered'] as const;

/** Requirement counts as tiles (warnings separate from failures), per level as a table, and check counts. */
export function renderCounts(results: RunResults): string {
  const { core, extended } = results.summary.requirements;
  const tiles: Record<DisplayOutcome, number> = {
    fail: core.fail,
    error: core.error + extended.error,
    warning: results.summary.warnings,
    indeterminate: core.indeterminate + extended.indeterminate,
    waived: core.waived + extended.waived,
    pass: core.pass + extended.pass,
    skip: core.skip + extended.skip,
    'not-covered': core['not-covered'] + extended['not-covered'],
  };
  const tileHtml = DISPLAY_OUTCOMES.map(
    (outcome) =>
      `<div class="stat stat-${outcome}${tiles[outcome] === 0 ? ' stat-zero' : ''}" data-count="${outcome}"><span class="stat-value">${tiles[outcome]}</span><span class="stat-label">${DISPLAY_OUTCOME_LABELS[outcome]}</span></div>`,
  ).join('');

  const header = LEVEL_COLUMNS.map((outcome) => `<th scope="col" class="num">${columnLabel(outcome)}</th>`).join('');
  const rows = LEVEL_ROWS.map(({ level, label }) => {
    const counts = results.summary.requirements[level];
    const total = LEVEL_COLUMNS.reduce((sum, outcome) => sum + counts[outcome], 0);
    const cells = LEVEL_COLUMNS.map((outcome) => `<td class="num${counts[outcome] === 0 ? ' zero' : ''}">${counts[outcome]}</td>`).join('');
    return `<tr data-level="${level}"><th scope="row">${label}</th>${cells}<td class="num total">${total}</td></tr>`;
  }).join('');

  const checkCounts = OUTCOMES.filter((outcome) => results.summary.checks[outcome] > 0)
    .map((outcome) => `${results.summary.checks[outcome]} ${outcome}`)
    .join(', ');
  const checkTotal = OUTCOMES.reduce((sum, outcome) => sum + results.summary.checks[outcome], 0);

  return `<section id="summary" aria-labelledby="summary-title">
<h2 id="summary-title">Results at a glance</h2>
<p class="lead">${results.requirements.length} requirement${results.requirements.length === 1 ? '' : 's'} in scope. Extended-level failures are warnings: they are reported, but they do not decide the verdict.</p>
<div class="stats">${tileHtml}</div>
<table class="levels"><caption>Requirements by level</caption><thead><tr><th scope="col">Level</th>${header}<th scope="col" class="num">Total</th></tr></thead><tbody>${rows}</tbody></table>
<p class="checks-line">${checkTotal} check results${checkCounts ? `: ${checkCounts}` : ''}.</p>
</section>`;
}

function columnLabel(outcome: (typeof LEVEL_COLUMNS)[number]): string {
  return outcome === 'fail' ? 'Fail / warning' : DISPLAY_OUTCOME_LABELS[outcome];
}
