import { withObservationScope, type RunTraffic } from '../evidence/run-traffic.js';
import { worstOutcome } from '../results/outcome.js';
import type { CheckResult, EvidenceRef, Finding } from '../results/model.js';
import type { Check } from './check.js';

export interface RunChecksOptions<Context> {
  checks: readonly Check<Context>[];
  context: Context;
  /** Requirements in scope; a check's findings on other requirements are dropped. */
  inScope: ReadonlySet<string>;
  /** Only these requirements (`--only`); all in scope when absent. */
  only?: ReadonlySet<string>;
  /** Every catalog ID; a check declaring another is a harness bug and stops the run instead of vanishing. */
  known?: ReadonlySet<string>;
  /** The run-wide traffic log: each check runs in its own observation scope, and what it observed is its evidence. */
  traffic?: RunTraffic;
  /** What every check of a static suite examined (the subject's files): the evidence of a pass that cites nothing else. */
  subjectEvidence?: EvidenceRef[];
  now?: () => number;
}

/** Runs every check that covers an in-scope requirement and folds its findings into one result per requirement. */
export async function runChecks<Context>(options: RunChecksOptions<Context>): Promise<CheckResult[]> {
  const now = options.now ?? (() => performance.now());
  const wanted = (id: string) => options.inScope.has(id) && (!options.only || options.only.has(id));
  if (options.known) assertKnownRequirements(options.checks, options.known);
  const results: CheckResult[] = [];
  for (const check of options.checks) {
    const covered = check.requirements.filter(wanted);
    if (covered.length === 0) continue;
    const started = now();
    let findings: Finding[];
    try {
      findings = await withObservationScope(check.id, () => check.run(options.context));
    } catch (cause) {
      const message = `check ${check.id} crashed: ${cause instanceof Error ? cause.message : String(cause)}`;
      findings = covered.map((requirement) => ({ requirement, outcome: 'error' as const, message }));
    }
    const durationMs = Math.round((now() - started) * 1000) / 1000;
    const observedByCheck: EvidenceRef[] = [
      ...(options.traffic?.of(check.id).map((record) => ({ kind: 'traffic' as const, id: record.id })) ?? []),
      ...(options.subjectEvidence ?? []),
    ];
    for (const requirement of covered) {
      results.push(foldFindings(check, requirement, findings.filter((f) => f.requirement === requirement), durationMs, observedByCheck));
    }
  }
  return results.sort(compareResults);
}

/** Results in report order: by requirement ID, then check ID, with plain comparison so output is byte-stable. */
export function compareResults(a: CheckResult, b: CheckResult): number {
  return compareIds(a.requirement, b.requirement) || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0);
}

function assertKnownRequirements<Context>(checks: readonly Check<Context>[], known: ReadonlySet<string>): void {
  for (const check of checks) {
    const unknown = check.requirements.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new Error(`check ${check.id} declares ${unknown.join(', ')}, which the requirement catalog does not have`);
  }
}

/**
 * No pass without evidence: a pass stands on what its findings cite, else on what the check observed while
 * it ran. When there is nothing, the requirement was not exercised, and that is an error, not a pass.
 */
function foldFindings<Context>(check: Check<Context>, requirement: string, findings: Finding[], durationMs: number, observedByCheck: EvidenceRef[]): CheckResult {
  const cited = uniqueRefs(findings.flatMap((f) => [...(f.observed ?? []), ...refOfLocation(f)]));
  let outcome = worstOutcome(findings.map((f) => f.outcome), 'pass');
  const observed = cited.length > 0 ? cited : outcome === 'pass' ? uniqueRefs(observedByCheck) : [];
  if (outcome === 'pass' && observed.length === 0) {
    const message = `Not exercised: ${check.title} observed nothing it could judge ${requirement} on (no exchange, traffic record or file), so it cannot pass.`;
    findings = [...findings, { requirement, outcome: 'error', message }];
    outcome = 'error';
  }
  const deciding = findings.find((f) => f.outcome === outcome);
  return {
    check: check.id,
    checkTitle: check.title,
    requirement,
    outcome,
    message: deciding?.message ?? `${check.title}: no deviation found.`,
    findings,
    ...(observed.length > 0 ? { observed } : {}),
    durationMs,
  };
}

function refOfLocation(finding: Finding): EvidenceRef[] {
  const location = finding.location;
  if (!location) return [];
  if (location.kind === 'file') return [location];
  return location.id ? [{ kind: 'traffic', id: location.id }] : [];
}

function uniqueRefs(refs: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = JSON.stringify(ref);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Orders `PKG-007` before `PKG-010` and areas alphabetically; plain comparison keeps output byte-stable. */
export function compareIds(a: string, b: string): number {
  const [areaA = '', numA = ''] = splitId(a);
  const [areaB = '', numB = ''] = splitId(b);
  if (areaA !== areaB) return areaA < areaB ? -1 : 1;
  return numA.padStart(6, '0') < numB.padStart(6, '0') ? -1 : numA.padStart(6, '0') > numB.padStart(6, '0') ? 1 : 0;
}

function splitId(id: string): [string, string] {
  const cut = id.lastIndexOf('-');
  return cut < 0 ? [id, ''] : [id.slice(0, cut), id.slice(cut + 1)];
}
