import type { RequirementResult, RunResults } from '../core/results/model.js';

/** GitHub's scale for `security-severity`: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<NonNullable<RequirementResult['rule']>['severity'], string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: 'error' | 'warning' };
  properties: Record<string, unknown>;
}

/**
 * One SARIF rule per requirement in scope of any subject of the run (first occurrence wins, sorted as the
 * model is). The name is a real name: PascalCase of the rule's title, else of the title of the check that
 * decides it, else of the summary's first words. Security rules (those with rule-table facts) carry
 * `security-severity` and the `security` tag, which GitHub code scanning reads.
 */
export function sarifRules(results: RunResults): SarifRule[] {
  const subjects = results.packages ?? [results];
  const rows = new Map<string, RequirementResult>();
  const checkTitles = new Map<string, string>();
  for (const subject of subjects) {
    for (const row of subject.requirements) if (!rows.has(row.id)) rows.set(row.id, row);
    for (const check of subject.results) if (!checkTitles.has(check.requirement)) checkTitles.set(check.requirement, check.checkTitle);
  }
  return [...rows.values()].map((row) => sarifRule(row, checkTitles.get(row.id)));
}

function sarifRule(row: RequirementResult, checkTitle: string | undefined): SarifRule {
  const title = row.title ?? checkTitle;
  const rule = row.rule;
  const text = [
    `${row.id} (${row.keyword}, ${row.level}): ${row.summary}`,
    ...(rule ? [`Why: ${rule.rationale}`, `Fix: ${rule.fix}`] : []),
    ...(row.note ? [`Note: ${row.note}`] : []),
    `Spec: ${row.specRef}`,
  ].join('\n');
  const markdown = [
    `**${row.id}** (${row.keyword}, ${row.level}): ${markdownText(row.summary)}`,
    ...(rule ? [`**Why:** ${markdownText(rule.rationale)}`, `**Fix:** ${markdownText(rule.fix)}`] : []),
    ...(row.note ? [`**Note:** ${markdownText(row.note)}`] : []),
    `**Spec:** ${markdownText(row.specRef)}`,
  ].join('\n\n');
  return {
    id: row.id,
    name: pascalCase(title ?? firstWords(row.summary, 8)),
    shortDescription: { text: title ?? row.summary },
    fullDescription: { text: [row.summary, row.note].filter(Boolean).join(' ') },
    help: { text, markdown },
    defaultConfiguration: { level: row.level === 'core' ? 'error' : 'warning' },
    properties: {
      keyword: row.keyword,
      level: row.level,
      area: row.area,
      specRef: row.specRef,
      tags: rule ? ['security', row.area] : [row.area],
      ...(rule ? { severity: rule.severity, 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
    },
  };
}

/** `Capabilities not dropped to ALL` becomes `CapabilitiesNotDroppedToAll`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => (word === word.toUpperCase() && word.length > 1 ? word[0] + word.slice(1).toLowerCase() : word[0]?.toUpperCase() + word.slice(1)))
    .join('');
}

function firstWords(text: string, count: number): string {
  return text.split(/\s+/).slice(0, count).join(' ');
}

/** Text from the catalog is ours, but keep Markdown from reading it as markup. */
function markdownText(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
