import type { CheckResult, RequirementResult } from '../../core/results/model.js';
import { DISPLAY_OUTCOMES, DISPLAY_OUTCOME_LABELS, displayOutcome } from './display-outcome.js';
import { escapeHtml } from './escape-html.js';
import { renderBadge } from './render-badge.js';
import { PASS_LIMITS, renderObserved, type TrafficIndex } from './render-evidence.js';

export interface RequirementTableOptions {
  requirements: RequirementResult[];
  /** Requirements that have a details card further down; their IDs link to it. */
  detailed: ReadonlySet<string>;
  /** The run's check results and traffic log: a row without a card shows what decided it on demand. */
  results?: CheckResult[];
  traffic?: TrafficIndex;
}

/**
 * Every in-scope requirement in one table. The filter form ships `hidden` and the script reveals it,
 * so without JavaScript the page shows the full table and no dead controls.
 */
export function renderRequirementTable({ requirements, detailed, results = [], traffic = new Map() }: RequirementTableOptions): string {
  const areas = [...new Map(requirements.map((row) => [row.area, row.areaTitle])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const option = (value: string, label: string) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
  const present = new Set(requirements.map(displayOutcome));

  const filters = `<form class="filters" id="filters" role="search" aria-label="Filter requirements" hidden>
<label>Outcome <select name="outcome"><option value="">All</option>${DISPLAY_OUTCOMES.filter((o) => present.has(o))
    .map((o) => option(o, DISPLAY_OUTCOME_LABELS[o]))
    .join('')}</select></label>
<label>Level <select name="level"><option value="">All</option>${option('core', 'Core')}${option('extended', 'Extended')}</select></label>
<label>Area <select name="area"><option value="">All</option>${areas.map(([area, title]) => option(area, `${area} · ${title}`)).join('')}</select></label>
<label class="search">Search <input type="search" name="q" placeholder="ID or text" autocomplete="off"></label>
<button type="reset">Clear</button>
<output id="filter-count" aria-live="polite"></output>
</form>`;

  const rows = requirements.map((row) => {
    const outcome = displayOutcome(row);
    const id = escapeHtml(row.id);
    const idCell = detailed.has(row.id) ? `<a href="#req-${id}">${id}</a>` : id;
    return `<tr data-outcome="${outcome}" data-level="${escapeHtml(row.level)}" data-area="${escapeHtml(row.area)}">\
<td class="req-id">${idCell}</td><td class="keyword">${escapeHtml(row.keyword)}</td><td>${escapeHtml(row.level)}</td>\
<td title="${escapeHtml(row.areaTitle)}">${escapeHtml(row.area)}</td><td>${escapeHtml(row.summary)}</td><td>${renderBadge(outcome)}</td>\
<td class="evidence-cell">${detailed.has(row.id) ? `<a href="#req-${id}">above</a>` : renderDecidedBy(results.filter((r) => r.requirement === row.id), traffic)}</td></tr>`;
  });

  return `<section id="requirements" aria-labelledby="requirements-title">
<h2 id="requirements-title">Requirements</h2>
${filters}
<table class="requirements" id="requirement-table">
<thead><tr><th scope="col">ID</th><th scope="col">Keyword</th><th scope="col">Level</th><th scope="col">Area</th><th scope="col">Summary</th><th scope="col">Outcome</th><th scope="col">Evidence</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="empty" id="no-match" hidden>No requirement matches these filters.</p>
</section>`;
}

/**
 * What decided a row without a card, behind a closed <details> (on demand; printed closed): each check's one-line
 * message and, for a pass, the exchanges it observed.
 */
function renderDecidedBy(checks: CheckResult[], traffic: TrafficIndex): string {
  if (checks.length === 0) return '';
  const count = checks.reduce((sum, check) => sum + (check.observed?.length ?? 0), 0);
  const label = count > 0 ? `${count} observation${count === 1 ? '' : 's'}` : `${checks.length} check${checks.length === 1 ? '' : 's'}`;
  const body = checks
    .map((check) => `<div class="decided-by"><p class="check-title">${escapeHtml(check.checkTitle)} <code>${escapeHtml(check.check)}</code></p><p class="check-message">${escapeHtml(check.message)}</p>${check.outcome === 'pass' ? renderObserved(check.observed, traffic, PASS_LIMITS) : ''}</div>`)
    .join('');
  return `<details><summary>${label}</summary>${body}</details>`;
}
