import type { CheckResult, Completeness, RequirementResult, RunError, Verdict } from './model.js';

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

/** A skip whose message starts so is a requirement the run could not decide (adapter, attached mode), not one that does not apply. */
export const NOT_DECIDED_PREFIX = 'Not decided';

/**
 * Completeness counts the core requirements a black box can decide for the claimed profile and features: rows
 * marked `testable: false` (documentation review, inspection), rows of unclaimed features (`notApplicable`)
 * and rows skipped as not applicable to this subject (a package without a Compose archive) do not count. A
 * skip saying "Not decided: …" does count: the run could not exercise it. A counted requirement is decided
 * when its outcome is pass, fail or waived.
 */
export function decideCompleteness(requirements: RequirementResult[], results: readonly CheckResult[]): Completeness {
  const notDecided = new Set(results.filter((r) => r.outcome === 'skip' && r.message.startsWith(NOT_DECIDED_PREFIX)).map((r) => r.requirement));
  const notApplicable = (r: RequirementResult) => r.outcome === 'skip' && !notDecided.has(r.id);
  const counted = requirements.filter((r) => r.level === 'core' && r.testable !== false && r.notApplicable === undefined && !notApplicable(r));
  const isDecided = (r: RequirementResult) => r.outcome === 'pass' || r.outcome === 'fail' || r.outcome === 'waived';
  const undecided = counted.filter((r) => !isDecided(r)).map((r) => r.id);
  return { decided: counted.length - undecided.length, undecided, complete: undecided.length === 0 };
}

/** The verdict's reason with the completeness said in it: a conformant run that left core requirements undecided is partial. */
export function reasonWithCompleteness(verdict: Verdict, reason: string, completeness: Completeness): string {
  if (verdict !== 'conformant' || completeness.complete) return reason;
  const n = completeness.undecided.length;
  const shown = completeness.undecided.slice(0, 10).join(', ') + (n > 10 ? ', …' : '');
  return `${reason} Partial: ${n} core requirement${n === 1 ? '' : 's'} a black box can decide ${n === 1 ? 'was' : 'were'} not decided (${shown}).`;
}

/** The label a renderer shows next to the verdict: `complete (60 of 60)` or `partial (34 of 60 decided)`. */
export function completenessLabel(completeness: Completeness): string {
  const total = completeness.decided + completeness.undecided.length;
  return completeness.complete ? `complete (${completeness.decided} of ${total} core requirements decided)` : `partial (${completeness.decided} of ${total} core requirements decided)`;
}

/**
 * `certify` and `verify` exit codes: 0 conformant and complete, 1 non-conformant, 2 error, 3 conformant but
 * partial. `run` keeps 0 for a partial conformant run (an engineer's loop; completeness is in the output).
 */
export function certificationExitCode(verdict: Verdict, completeness: Completeness): 0 | 1 | 2 | 3 {
  const code = exitCodeFor(verdict);
  return code === 0 && !completeness.complete ? 3 : code;
}
