import { styleText } from 'node:util';
import type { RequirementResult, RunResults, Verdict } from '../core/results/model.js';
import { formatDuration } from './format-duration.js';

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

/**
 * The short summary the CLI prints: verdict, subject, edition, profile, counts, then one line per
 * failing or erroring core requirement (`✗`), per run error, and per warning (`!`). No trailing newline.
 */
export function renderText(results: RunResults, options: TextRenderOptions): string {
  // validateStream: false, because the caller already decided; otherwise Node ≥ 22 would drop colours
  // whenever stdout is not a TTY, and the output would depend on where the renderer happens to run.
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const verdict = VERDICT_STYLES[results.verdict];
  const { subject, summary } = results;
  const { core, extended } = summary.requirements;
  const subjectName = [subject.name, subject.version].filter(Boolean).join(' ');

  const lines = [
    `${paint(verdict.style, verdict.label)} ${results.verdictReason}`,
    `Subject:  ${subject.location}${subjectName ? ` (${subjectName})` : ''}`,
    `Edition:  ${results.edition.title}`,
    `Profile:  ${results.profile.title}${results.profile.draft ? ' (draft)' : ''}`,
    `Core:     ${core.pass} passed, ${core.fail} failed, ${plural(core.error, 'error')}, ${core.indeterminate} indeterminate, ${core.waived} waived, ${core.skip} skipped, ${core['not-covered']} not covered`,
    `Extended: ${extended.pass} passed, ${plural(summary.warnings, 'warning')}, ${plural(extended.error, 'error')}, ${extended.indeterminate} indeterminate, ${extended.waived} waived, ${extended.skip} skipped, ${extended['not-covered']} not covered`,
    `Duration: ${formatDuration(results.run.durationMs)}`,
  ];

  const firstMessage = (id: string, outcome: RequirementResult['outcome']) =>
    results.results.find((result) => result.requirement === id && result.outcome === outcome)?.message ?? '';
  const problems = results.requirements.filter((row) => (row.level === 'core' && row.outcome === 'fail') || row.outcome === 'error');
  const warnings = results.requirements.filter((row) => row.level === 'extended' && row.outcome === 'fail');
  const waived = results.requirements.filter((row) => row.outcome === 'waived');

  if (problems.length > 0 || results.errors.length > 0) lines.push('');
  for (const row of problems) {
    lines.push(`${paint(row.outcome === 'fail' ? 'red' : 'yellow', '✗')} ${paint('bold', row.id)} ${firstMessage(row.id, row.outcome)}`);
  }
  for (const error of results.errors) lines.push(`${paint('yellow', '✗')} ${paint('bold', 'run error')} ${error.message}`);
  if (warnings.length > 0) lines.push('');
  for (const row of warnings) lines.push(`${paint('yellow', '!')} ${paint('bold', row.id)} ${firstMessage(row.id, 'fail')}`);
  if (waived.length > 0) lines.push('');
  for (const row of waived) lines.push(`${paint('cyan', '~')} ${paint('bold', row.id)} ${firstMessage(row.id, 'waived')}`);
  return lines.join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
