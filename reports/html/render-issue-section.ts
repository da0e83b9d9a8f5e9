import type { CheckResult, Finding, RequirementResult } from '../../core/results/model.js';
import type { Outcome } from '../../core/results/outcome.js';
import { displayOutcome } from './display-outcome.js';
import { escapeHtml } from './escape-html.js';
import { renderBadge } from './render-badge.js';
import { renderDefinitionList } from './render-definition-list.js';
import { FAILURE_LIMITS, renderObserved, type TrafficIndex } from './render-evidence.js';
import { renderFinding } from './render-finding.js';

export interface IssueSectionOptions {
  id: string;
  title: string;
  intro: string;
  requirements: RequirementResult[];
  /** All check results of the run; each card shows those of its requirement with one of `outcomes`. */
  results: CheckResult[];
  outcomes: readonly Outcome[];
  /** Shown instead of cards when `requirements` is empty. */
  empty: string;
  /** The run's traffic log, to show the exchanges each finding cites. */
  traffic?: TrafficIndex;
}

/**
 * A section of requirement cards (failures, warnings, inconclusive): each with its spec reference, our
 * reading, errata, and the check results that decided it with every finding and its evidence.
 */
export function renderIssueSection(options: IssueSectionOptions): string {
  const cards = options.requirements.map((requirement) =>
    renderCard(requirement, options.results.filter((r) => r.requirement === requirement.id && options.outcomes.includes(r.outcome)), options.traffic ?? new Map()),
  );
  return `<section id="${options.id}" class="issues" aria-labelledby="${options.id}-title">
<h2 id="${options.id}-title">${options.title} <span class="count">${options.requirements.length}</span></h2>
<p class="lead">${options.intro}</p>
${cards.length > 0 ? cards.join('\n') : `<p class="empty">${options.empty}</p>`}
</section>`;
}

function renderCard(requirement: RequirementResult, checkResults: CheckResult[], traffic: TrafficIndex): string {
  const outcome = displayOutcome(requirement);
  const id = escapeHtml(requirement.id);
  const meta = renderDefinitionList('issue-meta', [
    ['Spec', escapeHtml(requirement.specRef)],
    ['Our reading', requirement.note === undefined ? undefined : escapeHtml(requirement.note)],
    ['Errata', requirement.errata?.length ? `<ul>${requirement.errata.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` : undefined],
  ]);
  const checks = checkResults.map((result) => {
    const findings = result.findings.length > 0 ? result.findings : [{ requirement: result.requirement, outcome: result.outcome, message: result.message, ...(result.observed ? { observed: result.observed } : {}) }];
    return `<div class="check">
<p class="check-title">${escapeHtml(result.checkTitle)} <code>${escapeHtml(result.check)}</code></p>
<ol class="findings">${findings.map((finding) => renderFinding(finding, traffic)).join('')}</ol>
${checkEvidence(result, findings, traffic)}</div>`;
  });
  return `<article class="issue issue-${outcome}" id="req-${id}">
<header class="issue-head">${renderBadge(outcome)}<span class="issue-id">${id}</span><span class="keyword">${escapeHtml(requirement.keyword)}</span><span class="issue-summary">${escapeHtml(requirement.summary)}</span></header>
${meta}
${checks.join('\n')}
</article>`;
}

/** What the check observed that none of its findings cites (a check that reports its evidence once, for all findings). */
function checkEvidence(result: CheckResult, findings: Finding[], traffic: TrafficIndex): string {
  const cited = new Set(findings.flatMap((f) => [...(f.observed ?? []).flatMap((ref) => (ref.kind === 'traffic' ? [ref.id] : [])), ...(f.location?.kind === 'http' && f.location.id ? [f.location.id] : [])]));
  const rest = renderObserved(result.observed, traffic, FAILURE_LIMITS, cited);
  return rest ? `<p class="evidence-intro">Also observed by this check:</p>${rest}\n` : '';
}
