import { createHash } from 'node:crypto';
import type { RunResults } from '../core/results/model.js';
import { escapeHtml } from './html/escape-html.js';
import { renderCounts } from './html/render-counts.js';
import { renderIssueSection } from './html/render-issue-section.js';
import { renderFleetSection } from './html/render-fleet-section.js';
import { renderNotCovered } from './html/render-not-covered.js';
import { indexTraffic } from './html/render-evidence.js';
import { renderOverview, renderRunDetails } from './html/render-overview.js';
import { renderPackages } from './html/render-packages.js';
import { renderReadings } from './html/render-readings.js';
import { renderRequirementTable } from './html/render-requirement-table.js';
import { renderRunErrors } from './html/render-run-errors.js';
import { REPORT_SCRIPT } from './html/report-script.js';
import { REPORT_STYLES } from './html/report-styles.js';

/**
 * `report.html`: one self-contained, printable compliance report for a reader who must sign off: the product
 * and the verdict with its completeness first, then failures and errors with the exchanges they cite, warnings,
 * and the requirement table, where passing rows show their evidence on demand; the run's details last. Inline
 * CSS and script only; the Content-Security-Policy allows exactly those two blocks by hash and nothing else,
 * so even a missed escape could neither run a script nor fetch anything.
 */
export function renderHtml(results: RunResults): string {
  const failures = results.requirements.filter((row) => (row.outcome === 'fail' && row.level === 'core') || row.outcome === 'error');
  const warnings = results.requirements.filter((row) => row.outcome === 'fail' && row.level === 'extended');
  const inconclusive = results.requirements.filter((row) => row.outcome === 'indeterminate');
  const waived = results.requirements.filter((row) => row.outcome === 'waived');
  const detailed = new Set([...failures, ...warnings, ...inconclusive, ...waived].map((row) => row.id));
  const traffic = indexTraffic(results.traffic);

  const product = results.product;
  const subjectName = product
    ? `${product.vendor} ${product.product} ${product.version}`
    : [results.subject.name, results.subject.version].filter(Boolean).join(' ') || (results.subject.reference ? `Bundled reference implementation (${results.subject.kind})` : results.subject.location);
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(REPORT_STYLES)}'`,
    `script-src '${sha256(REPORT_SCRIPT)}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(`${results.tool.name} ${results.tool.version}`)}">
<title>${escapeHtml(`Margo conformance report: ${subjectName} (${results.verdict})`)}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<header class="masthead"><div class="masthead-inner">
<div><p class="kicker">Margo conformance report</p><h1>${escapeHtml(subjectName)}</h1></div>
<p class="masthead-meta">${escapeHtml(results.profile.title)} · ${escapeHtml(results.edition.id)}<br>${escapeHtml(results.run.startedAt)}</p>
</div></header>
<main>
${renderOverview(results)}
${renderPackages(results)}
${renderCounts(results)}
${renderRunErrors(results.errors)}
${renderIssueSection({
  id: 'failures',
  title: 'Failures and errors',
  intro: 'Core requirements the subject failed, and requirements a check could not decide because of an error. Each lists every finding with its location and the exchanges it observed.',
  requirements: failures,
  results: results.results,
  outcomes: ['fail', 'error'],
  empty: 'No requirement failed and no check errored.',
  traffic,
})}
${renderIssueSection({
  id: 'warnings',
  title: 'Warnings',
  intro: 'Extended-level (SHOULD, MAY) requirements the subject does not meet. They do not affect the verdict.',
  requirements: warnings,
  results: results.results,
  outcomes: ['fail'],
  empty: 'No extended-level requirement failed.',
  traffic,
})}
${inconclusive.length === 0 ? '' : renderIssueSection({
  id: 'inconclusive',
  title: 'Inconclusive',
  intro: 'Requirements a check could not decide either way, for example because a remote service did not answer in time.',
  requirements: inconclusive,
  results: results.results,
  outcomes: ['indeterminate'],
  empty: '',
  traffic,
})}
${waived.length === 0 ? '' : renderIssueSection({
  id: 'waived',
  title: 'Waived',
  intro: 'Findings the operator accepted in a waivers file, each with its reason and expiry. An expired waiver is ignored.',
  requirements: waived,
  results: results.results,
  outcomes: ['waived'],
  empty: '',
  traffic,
})}
${renderRequirementTable({ requirements: results.requirements, detailed, results: results.results, traffic })}
${renderFleetSection(results.measurements)}
${renderNotCovered(results.requirements)}
${renderReadings(results.requirements)}
${renderRunDetails(results)}
</main>
<footer>${escapeHtml(`Generated by ${results.tool.name} ${results.tool.version}${results.tool.commit ? ` (${results.tool.commit})` : ''} · results format ${results.format} v${results.formatVersion}`)}</footer>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
