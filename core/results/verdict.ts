import type { RequirementResult, RunError, Verdict } from './model.js';

/**
 * A product failure on a core requirement decides `non-conformant`, even next to harness errors. Without
 * one, any core error or a run that could not complete is `error`: never counted against the product.
 */
export function decideVerdict(requirements: RequirementResult[], errors: RunError[]): { verdict: Verdict; reason: string } {
  const core = requirements.filter((r) => r.level === 'core');
  const failed = core.filter((r) => r.outcome === 'fail').map((r) => r.id);
  if (failed.length > 0) {
    return { verdict: 'non-conformant', reason: `${failed.length} core requirement${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}.` };
  }
  if (errors.length > 0) return { verdict: 'error', reason: `The run could not complete: ${errors[0]?.message}` };
  const errored = core.filter((r) => r.outcome === 'error').map((r) => r.id);
  if (errored.length > 0) {
    return { verdict: 'error', reason: `No core requirement failed, but ${errored.join(', ')} could not be decided because of an error.` };
  }
  const decided = core.filter((r) => r.outcome === 'pass').length;
  // Everything skipped or uncovered proves nothing: a run that decided no core requirement is no verdict.
  if (decided === 0) return { verdict: 'error', reason: 'No core requirement could be decided in this run; see the skipped checks for why.' };
  const waived = core.filter((r) => r.outcome === 'waived').map((r) => r.id);
  const waivedText = waived.length === 0 ? '' : `, ${waived.length} waived (${waived.join(', ')})`;
  return { verdict: 'conformant', reason: `No core requirement failed; ${decided} core requirement${decided === 1 ? '' : 's'} passed${waivedText}.` };
}

export function exitCodeFor(verdict: Verdict): 0 | 1 | 2 {
  return verdict === 'conformant' ? 0 : verdict === 'non-conformant' ? 1 : 2;
}
