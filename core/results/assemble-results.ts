import { areaOf } from '../catalog/level.js';
import type { Edition } from '../catalog/editions.js';
import type { Area, Requirement } from '../catalog/types.js';
import { compareIds } from '../runner/run-checks.js';
import { raisedLevel, type Profile } from '../profiles/profile.js';
import type { CheckResult, ProductDeclaration, RequirementResult, RunError, RunResults, Subject } from './model.js';
import { countOutcomes, worstOutcome, type Outcome } from './outcome.js';
import { decideCompleteness, decideVerdict, reasonWithCompleteness } from './verdict.js';
import { toolInfo } from './tool-info.js';

export interface AssembleOptions {
  edition: Edition;
  profile: Profile;
  /** Requirements in scope for the profile and edition. */
  scope: Requirement[];
  /** The catalog's areas, for their titles. */
  areas: Area[];
  subject: Subject;
  results: CheckResult[];
  errors: RunError[];
  startedAt: Date;
  finishedAt: Date;
  command: string;
  config: Record<string, unknown>;
  /** Requirement IDs that do not apply to this product (an optional feature it does not claim), with why. */
  notApplicable?: ReadonlyMap<string, string>;
  /** The product declaration of a certification run. */
  product?: ProductDeclaration;
}

/** Folds check results into the one results model every renderer reads. */
export function assembleResults(options: AssembleOptions): RunResults {
  const byRequirement = new Map<string, CheckResult[]>();
  for (const result of options.results) {
    byRequirement.set(result.requirement, [...(byRequirement.get(result.requirement) ?? []), result]);
  }
  const requirements: RequirementResult[] = [...options.scope]
    .sort((a, b) => compareIds(a.id, b.id))
    .map((row) => {
      const checks = byRequirement.get(row.id) ?? [];
      return {
        id: row.id,
        area: areaOf(row.id),
        areaTitle: options.areas.find((a) => a.id === areaOf(row.id))?.title ?? areaOf(row.id),
        keyword: row.keyword,
        // A profile may raise a row to core for itself (profiles/*.yaml `raise`); the row's keyword stays.
        level: raisedLevel(options.profile, row),
        ...(options.profile.raise?.includes(row.id) ? { raisedBy: options.profile.id } : {}),
        summary: row.summary,
        specRef: row.specRef,
        ...(row.note ? { note: row.note } : {}),
        ...(row.errata ? { errata: row.errata } : {}),
        outcome: checks.length > 0 ? worstOutcome(checks.map((c) => c.outcome)) : 'not-covered',
        ...(checks.length === 0 ? { coverageNote: coverageNote(row, options.subject.kind) } : {}),
        ...(row.testability === 'not-testable' ? { testable: false as const } : {}),
        ...(options.notApplicable?.has(row.id) ? { notApplicable: options.notApplicable.get(row.id) ?? '' } : {}),
        checks: checks.map((c) => c.check),
      };
    });
  const { verdict, reason: verdictReason } = decideVerdict(requirements, options.errors);
  const completeness = decideCompleteness(requirements, options.results);
  const reason = reasonWithCompleteness(verdict, verdictReason, completeness);
  const tally = (level: 'core' | 'extended') => {
    const counts: Record<Outcome | 'not-covered', number> = { ...countOutcomes([]), 'not-covered': 0 };
    for (const r of requirements) if (r.level === level) counts[r.outcome] += 1;
    return counts;
  };
  const extended = tally('extended');
  return {
    format: 'margo-conformance-results',
    formatVersion: 1,
    tool: toolInfo(),
    run: {
      startedAt: options.startedAt.toISOString(),
      finishedAt: options.finishedAt.toISOString(),
      durationMs: options.finishedAt.getTime() - options.startedAt.getTime(),
      command: options.command,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    edition: { id: options.edition.id, title: options.edition.title },
    profile: { id: options.profile.id, title: options.profile.title, ...(options.profile.draft ? { draft: true } : {}) },
    config: options.config,
    subject: options.subject,
    ...(options.product ? { product: options.product } : {}),
    verdict,
    verdictReason: reason,
    completeness,
    summary: {
      checks: countOutcomes(options.results.map((r) => r.outcome)),
      requirements: { core: tally('core'), extended },
      warnings: extended.fail,
    },
    results: options.results,
    requirements,
    errors: options.errors,
  };
}

function coverageNote(row: Requirement, subject: Subject['kind']): string {
  if (row.testability === 'not-testable') return `Not testable from outside: ${row.note ?? 'see the catalog.'}`;
  if (row.testability === 'black-box' && !row.subjects.includes('package') && subject === 'package') return 'Decided by running the product, not from the package.';
  return `No check in this version of the suite decides it yet${row.note ? ' (see the note)' : ''}.`;
}
