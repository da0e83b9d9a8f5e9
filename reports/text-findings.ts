import type { FileLocation, Finding, RunResults } from '../core/results/model.js';
import { artifactOf } from './artifact-path.js';
import { escapeTerminal } from './escape-terminal.js';

/** How a finding reads in the terminal: a failed core requirement is `fail`, a failed SHOULD/MAY a `warning`. */
export type FindingLevel = 'fail' | 'warning' | 'error' | 'indeterminate' | 'waived';

export const FINDING_LEVELS: readonly FindingLevel[] = ['fail', 'warning', 'error', 'indeterminate', 'waived'];

/** One line of the linter-style listing, before colouring; every text from the input already escaped. */
export interface TextFinding {
  /** The file as the user named it (`deploy/edge/compose.yaml`, `pkg.tar.gz!/margo.yaml`), or the subject. */
  file: string;
  line?: number;
  column?: number;
  requirement: string;
  level: FindingLevel;
  message: string;
}

/**
 * Every finding of every subject that is not a pass or skip, sorted by file (plain comparison), line,
 * column and requirement: nothing is left out and nothing summarised. A non-passing check without
 * findings gives one line with its message.
 */
export function textFindings(results: RunResults): TextFinding[] {
  const lines: TextFinding[] = [];
  for (const subject of results.packages ?? [results]) {
    const levels = new Map(subject.requirements.map((row) => [row.id, row.level]));
    for (const check of subject.results) {
      const shown = check.findings.filter((finding) => levelOf(finding.outcome, 'core') !== undefined);
      const findings: Finding[] = shown.length > 0 || check.outcome === 'pass' || check.outcome === 'skip' ? shown : [{ requirement: check.requirement, outcome: check.outcome, message: check.message }];
      for (const finding of findings) {
        const level = levelOf(finding.outcome, levels.get(finding.requirement) ?? 'core');
        if (!level) continue;
        const file = finding.location?.kind === 'file' ? finding.location : undefined;
        // A finding without a file (an HTTP exchange, or none) is listed under the subject itself.
        const place = file ? artifactOf(subject.subject, file) : { path: subject.subject.location };
        lines.push({
          file: escapeTerminal(place.entry ? `${subject.subject.location}!/${place.entry}` : place.path),
          ...(file?.line !== undefined ? { line: file.line } : {}),
          ...(file?.line !== undefined && file.column !== undefined ? { column: file.column } : {}),
          requirement: finding.requirement,
          level,
          message: escapeTerminal(withoutFilePrefix(finding.message, file)),
        });
      }
    }
  }
  return lines.sort(
    (a, b) =>
      compare(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compare(a.requirement, b.requirement) || compare(a.message, b.message),
  );
}

function levelOf(outcome: Finding['outcome'], level: 'core' | 'extended'): FindingLevel | undefined {
  switch (outcome) {
    case 'fail':
      return level === 'core' ? 'fail' : 'warning';
    case 'error':
    case 'indeterminate':
    case 'waived':
      return outcome;
    default:
      return undefined;
  }
}

/** Some suites start a message with the file it is about; the line already names it. */
export function withoutFilePrefix(message: string, file: FileLocation | undefined): string {
  return file && message.startsWith(`${file.file}: `) ? message.slice(file.file.length + 2) : message;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
