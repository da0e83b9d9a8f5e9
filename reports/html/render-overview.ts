import type { ProductDeclaration, RunResults, Verdict } from '../../core/results/model.js';
import { completenessLabel } from '../../core/results/verdict.js';
import { formatDuration } from '../format-duration.js';
import { formatTimeScale } from '../format-time-scale.js';
import { escapeHtml } from './escape-html.js';
import { renderDefinitionList } from './render-definition-list.js';

const VERDICTS: Record<Verdict, { title: string; mark: string }> = {
  conformant: { title: 'Conformant', mark: '✓' },
  'non-conformant': { title: 'Non-conformant', mark: '✗' },
  error: { title: 'Error: no verdict', mark: '!' },
};

/** What was tested, how the run went, and how to repeat it: after the failures, for the record. */
export function renderRunDetails(results: RunResults): string {
  const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
  const optional = (text: string | undefined, wrap: (text: string) => string = escapeHtml) => (text === undefined ? undefined : wrap(text));
  const { subject, run, tool } = results;

  const subjectList = renderDefinitionList('meta', [
    ['Location', code(subject.location)],
    ['Kind', escapeHtml(subject.kind)],
    ['Format', optional(subject.format)],
    ['Name', optional(subject.name)],
    ['Version', optional(subject.version)],
    ['Digest', optional(subject.digest, (digest) => `<code class="digest">${escapeHtml(digest)}</code>`)],
  ]);
  const runList = renderDefinitionList('meta', [
    ['Profile', `${escapeHtml(results.profile.title)} ${code(results.profile.id)}${results.profile.draft ? ' <span class="tag">draft</span>' : ''}`],
    ['Spec edition', `${escapeHtml(results.edition.title)} ${code(results.edition.id)}`],
    ['Features claimed', subject.kind === 'device' ? claimedFeatures(results.config['features']) : undefined],
    ['Tool', `${escapeHtml(`${tool.name} ${tool.version}`)}${tool.commit ? ` at ${code(tool.commit)}` : ''}`],
    ['Started', `<time datetime="${escapeHtml(run.startedAt)}">${escapeHtml(run.startedAt)}</time>`],
    ['Duration', escapeHtml(formatDuration(run.durationMs))],
    ['Deadlines', formatTimeScale(results.config) !== undefined ? escapeHtml(formatTimeScale(results.config) ?? '') : undefined],
    ['Node.js', `${escapeHtml(run.node)} on ${escapeHtml(run.platform)}`],
  ]);

  return `<section id="run" class="panels" aria-label="Subject and run">
<div class="panel"><h2>Subject</h2>${subjectList}</div>
<div class="panel"><h2>Run</h2>${runList}</div>
</section>
<section id="reproduce" class="reproduce" aria-label="Reproduce this run">
<div class="reproduce-head"><h2>Reproduce this run</h2><button type="button" class="copy-button" id="copy-command" hidden>Copy</button></div>
<pre class="command"><code id="reproduce-command">${escapeHtml(run.command)}</code></pre>
</section>`;
}

/** The report head: the product declared and the verdict banner with completeness; the run details come later. */
export function renderOverview(results: RunResults): string {
  const verdict = VERDICTS[results.verdict];
  const { subject } = results;
  const partial = results.verdict === 'conformant' && results.completeness?.complete === false;
  const undecided = results.completeness?.undecided ?? [];
  const completeness = results.completeness
    ? `<p class="verdict-completeness"><strong>Completeness:</strong> ${escapeHtml(completenessLabel(results.completeness))}${
        undecided.length > 0 ? `; not decided: ${undecided.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ')}` : ''
      }</p>`
    : '';
  const reference = subject.reference
    ? '<p class="verdict-reference"><strong>Tested the bundled reference implementation</strong>, not a product: give --sut-command, --sut-image or --target to test one.</p>'
    : '';
  return `${renderProduct(results.product)}<section id="verdict" class="verdict verdict-${results.verdict}" aria-label="Verdict">
<span class="verdict-mark" aria-hidden="true">${verdict.mark}</span>
<div class="verdict-text"><p class="verdict-title">${verdict.title}${partial ? ' (partial)' : ''}</p><p class="verdict-reason">${escapeHtml(results.verdictReason)}</p>${completeness}${reference}</div>
</section>`;
}

/** The product declaration of a certification run: who submitted what, above the verdict. */
function renderProduct(product: ProductDeclaration | undefined): string {
  if (!product) return '';
  const launch = product.launch ? Object.entries(product.launch).map(([key, value]) => `${escapeHtml(key)} <code>${escapeHtml(String(value))}</code>`).join(', ') : undefined;
  const list = renderDefinitionList('meta', [
    ['Vendor', escapeHtml(product.vendor)],
    ['Product', escapeHtml(product.product)],
    ['Version', escapeHtml(product.version)],
    ['Profile', `<code>${escapeHtml(product.profile)}</code>`],
    ['Edition', `<code>${escapeHtml(product.edition)}</code>`],
    ['Features', product.features.length > 0 ? product.features.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ') : 'none'],
    ['Contact', escapeHtml(product.contact)],
    ['Launch', launch],
  ]);
  return `<section id="product" class="panel" aria-label="Product"><h2>${escapeHtml(`${product.vendor} ${product.product} ${product.version}`)}</h2>${list}</section>
`;
}

/** A device's optional features (`--feature`): their requirements are skipped as not applicable when unclaimed. */
function claimedFeatures(features: unknown): string {
  const names = Array.isArray(features) ? features.filter((name): name is string => typeof name === 'string') : [];
  return names.length > 0 ? names.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ') : 'none (their requirements are not applicable)';
}
