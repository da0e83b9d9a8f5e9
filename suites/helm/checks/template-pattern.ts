import type { Finding } from '../../../core/results/model.js';
import { lineAt, templateFiles, type HelmChart } from '../chart.js';

/** One finding per template match of `pattern`, under PKG-005, saying `what` and how to fix it. */
export function templateMatches(chart: HelmChart, pattern: RegExp, what: (match: RegExpExecArray) => string, fix: string): Finding[] {
  return templateFiles(chart).flatMap(([file, text]) =>
    [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].map((match) => ({
      requirement: 'PKG-005',
      outcome: 'fail' as const,
      message: `${file}:${lineAt(text, match.index ?? 0)}: ${what(match as RegExpExecArray)} (PKG-005). ${fix}`,
      location: { kind: 'file' as const, file, line: lineAt(text, match.index ?? 0) },
    })),
  );
}
