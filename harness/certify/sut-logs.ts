import type { RunError } from '../../core/results/model.js';

/**
 * `sut-logs.txt`: what the system under test printed during the run, one section per launched process (the WFM,
 * or each scenario's device, sorted by name), each the bounded tail the launcher kept, then the output of any
 * failed launch. Empty when nothing was launched (a --target run) and nothing was printed.
 */
export function formatSutLogs(logs: readonly { source: string; text: string }[], errors: readonly RunError[]): string {
  const sections = [...logs]
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))
    .map(({ source, text }) => `=== ${source} ===\n${text === '' ? '(no output)\n' : text.endsWith('\n') ? text : `${text}\n`}`);
  const failed = errors.filter((error) => error.detail).map((error) => `=== run error: ${error.message} ===\n${error.detail?.endsWith('\n') ? error.detail : `${error.detail}\n`}`);
  return [...sections, ...failed].join('\n');
}
