import type { RunError } from '../../core/results/model.js';
import { escapeHtml } from './escape-html.js';

/** Harness errors: the run itself went wrong, so the product was not (fully) judged. Empty when there are none. */
export function renderRunErrors(errors: RunError[]): string {
  if (errors.length === 0) return '';
  const items = errors.map(
    (error) => `<li><p class="finding-message">${escapeHtml(error.message)}</p>${error.detail ? `<pre>${escapeHtml(error.detail)}</pre>` : ''}</li>`,
  );
  return `<section id="run-errors" class="run-errors" aria-labelledby="run-errors-title">
<h2 id="run-errors-title">Run errors <span class="count">${errors.length}</span></h2>
<p class="lead">The tool could not complete the run as planned. These are not product failures.</p>
<ol class="findings">${items.join('')}</ol>
</section>`;
}
