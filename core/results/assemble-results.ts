import { areaOf } from '../catalog/level.js';
import type { Edition } from '../catalog/editions.js';
import type { Area, Requirement } from '../catalog/types.js';
import { compareIds } from '../runner/run-checks.js';
import type { Profile } from '../profiles/profile.js';
import type { CheckResult, RequirementResult, RunError, RunResults, Subject } from './model.js';
import { countOutcomes, worstOutcome, type Outcome } from './outcome.js';
import { decideVerdict } from './verdict.js';
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
        level: row.level,
        summary: row.summary,
        specRef: row.specRef,
        ...(row.note ? { note: row.note } : {}),
        ...(row.errata ? { errata: row.errata } : {}),
        outcome: checks.length > 0 ? worstOutcome(checks.map((c) => c.outcome)) : 'not-covered',
        ...(checks.length === 0 ? { coverageNote: coverageNote(row, options.subject.kind) } : {}),
        checks: checks.map((c) => c.check),
      };
    });
  const { verdict, reason } = decideVerdict(requirements, options.errors);
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
    verdict,
    verdictReason: reason,
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
