import { styleText } from 'node:util';
import type { RunResults, Verdict } from '../core/results/model.js';
import { completenessLabel } from '../core/results/verdict.js';
import { escapeTerminal } from './escape-terminal.js';
import { formatDuration } from './format-duration.js';
import { formatTimeScale } from './format-time-scale.js';
import { FINDING_LEVELS, textFindings, type FindingLevel, type TextFinding } from './text-findings.js';

export interface TextRenderOptions {
  /** Colour the output with ANSI escapes. The CLI decides (TTY, `NO_COLOR`, `--color`); the renderer never looks. */
  color: boolean;
}

type Style = Parameters<typeof styleText>[0];

const VERDICT_STYLES: Record<Verdict, { label: string; style: Style }> = {
  conformant: { label: 'CONFORMANT', style: ['bold', 'green'] },
  'non-conformant': { label: 'NON-CONFORMANT', style: ['bold', 'red'] },
  error: { label: 'ERROR', style: ['bold', 'yellow'] },
};

const LEVEL_STYLES: Record<FindingLevel, Style> = {
  fail: 'red',
  warning: 'yellow',
  error: 'magenta',
  indeterminate: 'blue',
  waived: 'cyan',
};

/**
 * What the CLI prints, in the linters' convention: the verdict and counts, then every finding that is not
 * a pass or skip on one line each, `file:line:col ID level: message`, grouped by file (a blank line between
 * files), then the run errors and a count. Nothing is left out. Every text that comes from the input is
 * escaped (control characters shown as `\x1b`), so the input cannot drive the terminal. No trailing newline.
 */
export function renderText(results: RunResults, options: TextRenderOptions): string {
  // validateStream: false, because the caller already decided; otherwise Node ≥ 22 would drop colours
  // whenever stdout is not a TTY, and the output would depend on where the renderer happens to run.
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const verdict = VERDICT_STYLES[results.verdict];
  const { summary } = results;
  const { core, extended } = summary.requirements;
  const packages = results.packages;

  const partial = results.verdict === 'conformant' && results.completeness?.complete === false;
  const lines = [
    `${paint(verdict.style, partial ? `${verdict.label} (PARTIAL)` : verdict.label)} ${escapeTerminal(results.verdictReason)}`,
    ...(results.completeness ? [`Complete: ${completenessLabel(results.completeness)}`] : []),
    ...(results.product ? [`Product:  ${escapeTerminal(`${results.product.vendor} ${results.product.product} ${results.product.version}`)}`] : []),
    ...(results.subject.reference ? ['Tested:   the bundled reference implementation, not a product (give --sut-command, --sut-image or --target to test one)'] : []),
    packages ? `Packages: ${packages.length} (${tallyVerdicts(packages)})` : `Subject:  ${subjectLine(results)}`,
    `Edition:  ${results.edition.title}`,
    // The profile's title may already say it is a draft.
    `Profile:  ${results.profile.title}${results.profile.draft && !/\(draft\)/.test(results.profile.title) ? ' (draft)' : ''}`,
    `Core:     ${core.pass} passed, ${core.fail} failed, ${plural(core.error, 'error')}, ${core.indeterminate} indeterminate, ${core.waived} waived, ${core.skip} skipped, ${core['not-covered']} not covered`,
    `Extended: ${extended.pass} passed, ${plural(summary.warnings, 'warning')}, ${plural(extended.error, 'error')}, ${extended.indeterminate} indeterminate, ${extended.waived} waived, ${extended.skip} skipped, ${extended['not-covered']} not covered`,
    `Duration: ${formatDuration(results.run.durationMs)}`,
    ...(formatTimeScale(results.config) ? [`Deadlines: ${formatTimeScale(results.config)}`] : []),
  ];
  if (packages) {
    lines.push('');
    for (const pkg of packages) {
      const style = VERDICT_STYLES[pkg.verdict];
      lines.push(`${paint(style.style, style.label)} ${subjectLine(pkg)}: ${escapeTerminal(pkg.verdictReason)}`);
    }
  }

  const findings = textFindings(results);
  let file: string | undefined;
  for (const finding of findings) {
    if (finding.file !== file) lines.push('');
    file = finding.file;
    lines.push(findingLine(finding, paint));
  }
  const errors = (packages ?? [results]).flatMap((subject) =>
    subject.errors.map((error) => `${packages ? `${escapeTerminal(subject.subject.location)}: ` : ''}${escapeTerminal(error.message)}`),
  );
  if (errors.length > 0) lines.push('');
  for (const error of errors) lines.push(`${paint('yellow', '✗')} ${paint('bold', 'run error')} ${error}`);
  lines.push('', countLine(findings, errors.length));
  return lines.join('\n');
}

function findingLine(finding: TextFinding, paint: (style: Style, text: string) => string): string {
  const place = [finding.file, finding.line, finding.column].filter((part) => part !== undefined).join(':');
  return `${place} ${paint('bold', finding.requirement)} ${paint(LEVEL_STYLES[finding.level], `${finding.level}:`)} ${finding.message}`;
}

/** `45 findings in 1 file: 12 fail, 30 warning, 3 indeterminate`: the levels that occur, in a fixed order. */
function countLine(findings: TextFinding[], runErrors: number): string {
  const files = new Set(findings.map((f) => f.file)).size;
  const levels = FINDING_LEVELS.map((level) => [level, findings.filter((f) => f.level === level).length] as const).filter(([, n]) => n > 0);
  const parts = [
    findings.length === 0 ? 'No findings' : `${plural(findings.length, 'finding')} in ${plural(files, 'file')}: ${levels.map(([level, n]) => `${n} ${level}`).join(', ')}`,
    ...(runErrors > 0 ? [plural(runErrors, 'run error')] : []),
  ];
  return parts.join('; ');
}

function subjectLine(results: RunResults): string {
  const { subject } = results;
  const name = [subject.name, subject.version].filter(Boolean).join(' ');
  return escapeTerminal(`${subject.location}${name ? ` (${name})` : ''}`);
}

function tallyVerdicts(packages: RunResults[]): string {
  return (['conformant', 'non-conformant', 'error'] as const)
    .map((verdict) => `${packages.filter((p) => p.verdict === verdict).length} ${verdict}`)
    .join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
