import type { RequirementResult } from '../../core/results/model.js';
import { escapeHtml } from './escape-html.js';

/** In-scope requirements that no check in this run decided, each with the reason. */
export function renderNotCovered(requirements: RequirementResult[]): string {
  const rows = requirements
    .filter((row) => row.outcome === 'not-covered')
    .map(
      (row) =>
        `<tr><td class="req-id">${escapeHtml(row.id)}</td><td class="keyword">${escapeHtml(row.keyword)}</td><td>${escapeHtml(row.summary)}</td><td>${escapeHtml(row.coverageNote ?? 'No reason recorded.')}</td></tr>`,
    );
  const body =
    rows.length === 0
      ? '<p class="empty">Every requirement in scope was decided by a check.</p>'
      : `<table class="plain"><thead><tr><th scope="col">ID</th><th scope="col">Keyword</th><th scope="col">Summary</th><th scope="col">Why not covered</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section id="not-covered" aria-labelledby="not-covered-title">
<h2 id="not-covered-title">Not covered in this run <span class="count">${rows.length}</span></h2>
<p class="lead">These requirements are in scope for the profile and edition, but this run has no check that decides them. They are neither passed nor failed.</p>
${body}
</section>`;
}
