import { worstOutcome } from '../results/outcome.js';
import type { CheckResult, Finding } from '../results/model.js';
import type { Check } from './check.js';

export interface RunChecksOptions<Context> {
  checks: readonly Check<Context>[];
  context: Context;
  /** Requirements in scope; a check's findings on other requirements are dropped. */
  inScope: ReadonlySet<string>;
  /** Only these requirements (`--only`); all in scope when absent. */
  only?: ReadonlySet<string>;
  now?: () => number;
}

/** Runs every check that covers an in-scope requirement and folds its findings into one result per requirement. */
export async function runChecks<Context>(options: RunChecksOptions<Context>): Promise<CheckResult[]> {
  const now = options.now ?? (() => performance.now());
  const wanted = (id: string) => options.inScope.has(id) && (!options.only || options.only.has(id));
  const results: CheckResult[] = [];
  for (const check of options.checks) {
    const covered = check.requirements.filter(wanted);
    if (covered.length === 0) continue;
    const started = now();
    let findings: Finding[];
    try {
      findings = await check.run(options.context);
    } catch (cause) {
      const message = `check ${check.id} crashed: ${cause instanceof Error ? cause.message : String(cause)}`;
      findings = covered.map((requirement) => ({ requirement, outcome: 'error' as const, message }));
    }
    const durationMs = Math.round((now() - started) * 1000) / 1000;
    for (const requirement of covered) {
      results.push(foldFindings(check, requirement, findings.filter((f) => f.requirement === requirement), durationMs));
    }
  }
  return results.sort(
    (a, b) => compareIds(a.requirement, b.requirement) || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0),
  );
}

function foldFindings<Context>(check: Check<Context>, requirement: string, findings: Finding[], durationMs: number): CheckResult {
  const outcome = worstOutcome(findings.map((f) => f.outcome), 'pass');
  const deciding = findings.find((f) => f.outcome === outcome);
  return {
    check: check.id,
    checkTitle: check.title,
    requirement,
    outcome,
    message: deciding?.message ?? `${check.title}: no deviation found.`,
    findings,
    durationMs,
  };
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
