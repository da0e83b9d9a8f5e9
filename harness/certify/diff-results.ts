import type { RunResults } from '../../core/results/model.js';

export interface ResultsDiff {
  verdict: { a: string; b: string };
  /** Requirements whose outcome differs, sorted by ID. */
  changed: { id: string; a: string; b: string }[];
  /** Requirements that fail (or error) in B but not in A. */
  newFailures: string[];
  /** Requirements that failed (or errored) in A and no longer do in B. */
  fixed: string[];
  /** Check results whose number of evidence references differs. */
  evidence: { check: string; requirement: string; a: number; b: number }[];
}

const BAD = new Set(['fail', 'error']);

/** What changed from run A to run B: outcomes per requirement, new and fixed failures, evidence counts. */
export function diffResults(a: RunResults, b: RunResults): ResultsDiff {
  const before = new Map(a.requirements.map((r) => [r.id, r.outcome as string]));
  const after = new Map(b.requirements.map((r) => [r.id, r.outcome as string]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changed = ids.filter((id) => before.get(id) !== after.get(id)).map((id) => ({ id, a: before.get(id) ?? 'absent', b: after.get(id) ?? 'absent' }));
  const key = (r: { check: string; requirement: string }) => `${r.requirement} ${r.check}`;
  const countA = new Map(a.results.map((r) => [key(r), r.observed?.length ?? 0]));
  const evidence = b.results
    .filter((r) => countA.has(key(r)) && countA.get(key(r)) !== (r.observed?.length ?? 0))
    .map((r) => ({ check: r.check, requirement: r.requirement, a: countA.get(key(r)) ?? 0, b: r.observed?.length ?? 0 }));
  return {
    verdict: { a: a.verdict, b: b.verdict },
    changed,
    newFailures: changed.filter((c) => BAD.has(c.b) && !BAD.has(c.a)).map((c) => c.id),
    fixed: changed.filter((c) => BAD.has(c.a) && !BAD.has(c.b)).map((c) => c.id),
    evidence,
  };
}

export function renderDiffText(diff: ResultsDiff): string {
  const lines = [`Verdict: ${diff.verdict.a} -> ${diff.verdict.b}`];
  lines.push(`New failures: ${diff.newFailures.length > 0 ? diff.newFailures.join(', ') : 'none'}`);
  lines.push(`Fixed: ${diff.fixed.length > 0 ? diff.fixed.join(', ') : 'none'}`);
  if (diff.changed.length > 0) lines.push('', 'Changed outcomes:', ...diff.changed.map((c) => `  ${c.id} ${c.a} -> ${c.b}`));
  if (diff.evidence.length > 0) lines.push('', 'Changed evidence counts:', ...diff.evidence.map((e) => `  ${e.requirement} ${e.check} ${e.a} -> ${e.b}`));
  return lines.join('\n');
}
