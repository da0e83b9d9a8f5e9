import type { RunResults } from '../../core/results/model.js';
import { formatFinding } from '../format-finding.js';
import { escapeHtml } from './escape-html.js';

/**
 * A run over several packages: a table of the packages first (verdict and counts of each), then, per
 * package, every finding that is not a pass or skip. Empty for a one-package run.
 */
export function renderPackages(results: RunResults): string {
  const packages = results.packages;
  if (!packages) return '';
  const rows = packages.map((pkg, index) => {
    const { core, extended } = pkg.summary.requirements;
    const name = [pkg.subject.name, pkg.subject.version].filter(Boolean).join(' ');
    return `<tr><td><a href="#package-${index + 1}"><code>${escapeHtml(pkg.subject.location)}</code></a></td><td>${escapeHtml(name)}</td><td class="outcome-${escapeHtml(pkg.verdict)}">${escapeHtml(pkg.verdict)}</td><td>${core.fail}</td><td>${core.error + extended.error}</td><td>${pkg.summary.warnings}</td><td>${core.pass}</td></tr>`;
  });
  const details = packages.map((pkg, index) => {
    const findings = pkg.results.flatMap((check) => check.findings.filter((f) => f.outcome !== 'pass' && f.outcome !== 'skip'));
    const errors = pkg.errors.map((e) => `<li>run error: ${escapeHtml(e.message)}</li>`);
    const items = [...errors, ...findings.map((f) => `<li><code>${escapeHtml(f.requirement)}</code> ${escapeHtml(f.outcome)}: ${escapeHtml(formatFinding(f))}</li>`)];
    return `<section id="package-${index + 1}"><h3><code>${escapeHtml(pkg.subject.location)}</code>: ${escapeHtml(pkg.verdict)}</h3><p>${escapeHtml(pkg.verdictReason)}</p>${items.length ? `<ul>${items.join('')}</ul>` : '<p>No findings.</p>'}</section>`;
  });
  return `<section id="packages"><h2>Packages</h2>
<table><thead><tr><th>Package</th><th>Name</th><th>Verdict</th><th>Core failed</th><th>Errors</th><th>Warnings</th><th>Core passed</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${details.join('\n')}
</section>`;
}
