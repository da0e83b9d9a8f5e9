import type { RunResults, Verdict } from '../../core/results/model.js';
import { formatDuration } from '../format-duration.js';
import { escapeHtml } from './escape-html.js';
import { renderDefinitionList } from './render-definition-list.js';

const VERDICTS: Record<Verdict, { title: string; mark: string }> = {
  conformant: { title: 'Conformant', mark: '✓' },
  'non-conformant': { title: 'Non-conformant', mark: '✗' },
  error: { title: 'Error: no verdict', mark: '!' },
};

/** The report head: verdict banner, what was tested, how the run went, and how to repeat it. */
export function renderOverview(results: RunResults): string {
  const verdict = VERDICTS[results.verdict];
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
    ['Node.js', `${escapeHtml(run.node)} on ${escapeHtml(run.platform)}`],
  ]);

  return `<section id="verdict" class="verdict verdict-${results.verdict}" aria-label="Verdict">
<span class="verdict-mark" aria-hidden="true">${verdict.mark}</span>
<div class="verdict-text"><p class="verdict-title">${verdict.title}</p><p class="verdict-reason">${escapeHtml(results.verdictReason)}</p></div>
</section>
<section id="run" class="panels" aria-label="Subject and run">
<div class="panel"><h2>Subject</h2>${subjectList}</div>
<div class="panel"><h2>Run</h2>${runList}</div>
</section>
<section id="reproduce" class="reproduce" aria-label="Reproduce this run">
<div class="reproduce-head"><h2>Reproduce this run</h2><button type="button" class="copy-button" id="copy-command" hidden>Copy</button></div>
<pre class="command"><code id="reproduce-command">${escapeHtml(run.command)}</code></pre>
</section>`;
}

/** A device's optional features (`--feature`): their requirements are skipped as not applicable when unclaimed. */
function claimedFeatures(features: unknown): string {
  const names = Array.isArray(features) ? features.filter((name): name is string => typeof name === 'string') : [];
  return names.length > 0 ? names.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ') : 'none (their requirements are not applicable)';
}
