import type { RequirementResult } from '../../core/results/model.js';
import { escapeHtml } from './escape-html.js';
import { renderDefinitionList } from './render-definition-list.js';

/** Every in-scope requirement with a note or errata: the readings we chose where the spec is ambiguous. */
export function renderReadings(requirements: RequirementResult[]): string {
  const items = requirements
    .filter((row) => row.note !== undefined || (row.errata?.length ?? 0) > 0)
    .map((row) => {
      const facts = renderDefinitionList('issue-meta', [
        ['Spec', escapeHtml(row.specRef)],
        ['Our reading', row.note === undefined ? undefined : escapeHtml(row.note)],
        ['Errata', row.errata?.length ? `<ul>${row.errata.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` : undefined],
      ]);
      return `<li class="reading"><p class="reading-head"><span class="req-id">${escapeHtml(row.id)}</span> <span class="keyword">${escapeHtml(row.keyword)}</span> ${escapeHtml(row.summary)}</p>${facts}</li>`;
    });
  return `<section id="readings" aria-labelledby="readings-title">
<h2 id="readings-title">Ambiguities and readings <span class="count">${items.length}</span></h2>
<p class="lead">Where the specification is ambiguous, or its official examples and schemas disagree with its prose, this is the reading the checks apply.</p>
${items.length === 0 ? '<p class="empty">No requirement in scope needed a reading.</p>' : `<ul class="readings">${items.join('\n')}</ul>`}
</section>`;
}
