import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { Edition } from '../../core/catalog/editions.js';
import type { Catalog, Requirement } from '../../core/catalog/types.js';
import { createRunTraffic, type RunTraffic } from '../../core/evidence/run-traffic.js';
import { UnsafeInputError } from '../../core/input/limits.js';
import { LaunchError } from '../../core/launch/launcher.js';
import { loadProfile, reportedScope, requirementsInScope, type Profile } from '../../core/profiles/profile.js';
import { assembleResults, type AssembleOptions } from '../../core/results/assemble-results.js';
import { internalError } from '../../core/results/internal-error.js';
import type { CheckResult, EvidenceRef, RunError, RunResults } from '../../core/results/model.js';
import type { Check } from '../../core/runner/check.js';
import { compareResults, runChecks } from '../../core/runner/run-checks.js';
import { createProgressReporter, type OnProgress } from '../../core/runner/run-progress.js';

/** What every run opens with: the catalog, the profile, its scope in the edition, and the run's traffic log. */
export interface RunFrame {
  catalog: Catalog;
  profile: Profile;
  edition: Edition;
  /** Every catalog row that binds the profile in the edition. */
  scope: Requirement[];
  inScope: ReadonlySet<string>;
  /** `--only`, when given. */
  only?: ReadonlySet<string>;
  /** The requirements this run decides: the scope narrowed to `--only`. */
  wanted: ReadonlySet<string>;
  known: ReadonlySet<string>;
  traffic: RunTraffic;
  startedAt: Date;
  now: () => Date;
}

export interface OpenRunOptions {
  profile: string | Profile;
  edition: Edition;
  only?: readonly string[];
  catalog?: Catalog;
  /** A scope other than the profile's subjects (compose-security: the rows its checks decide). */
  scope?: (catalog: Catalog) => Requirement[];
  now?: () => Date;
}

export function openRun(options: OpenRunOptions): RunFrame {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const catalog = options.catalog ?? loadCatalog();
  const profile = typeof options.profile === 'string' ? loadProfile(options.profile) : options.profile;
  const scope = options.scope ? options.scope(catalog) : requirementsInScope(catalog, profile, options.edition.id);
  const inScope = new Set(scope.map((row) => row.id));
  const only = options.only ? new Set(options.only) : undefined;
  return {
    catalog,
    profile,
    edition: options.edition,
    scope,
    inScope,
    ...(only ? { only } : {}),
    wanted: new Set([...inScope].filter((id) => !only || only.has(id))),
    known: new Set(catalog.requirements.map((row) => row.id)),
    traffic: createRunTraffic(),
    startedAt,
    now,
  };
}

export interface LaneOptions<Context> {
  checks: readonly Check<Context>[];
  context: Context;
  /** How many checks run at once; each check is one unit of work. */
  lanes: number;
  /** Checks that must run alone (they restart the subject); they run after the lanes drain. */
  exclusive?: (check: Check<Context>) => boolean;
  /** Turns a check into another before it runs (e.g. a skip for an unclaimed feature). */
  prepare?: (check: Check<Context>) => Check<Context>;
  subjectEvidence?: EvidenceRef[];
  /** Told when each check (a device check is one scenario group) starts and ends. */
  onProgress?: OnProgress;
  /** The run's deadline scale, for the progress `start` event. */
  timeScale?: { factor: number; source: string };
}

/** The one lane pool: independent checks in `lanes` lanes, then the exclusive ones, merged in report order. */
export async function runInLanes<Context>(frame: RunFrame, options: LaneOptions<Context>): Promise<CheckResult[]> {
  const shared = {
    context: options.context,
    inScope: frame.inScope,
    known: frame.known,
    traffic: frame.traffic,
    ...(frame.only ? { only: frame.only } : {}),
    ...(options.subjectEvidence ? { subjectEvidence: options.subjectEvidence } : {}),
  };
  const prepare = options.prepare ?? ((check: Check<Context>) => check);
  const isExclusive = options.exclusive ?? (() => false);
  const queue = options.checks.filter((check) => !isExclusive(check)).map(prepare);
  const decides = (check: Check<Context>) => check.requirements.some((id) => frame.wanted.has(id));
  const progress = createProgressReporter(options.onProgress, options.checks.filter(decides).length, options.timeScale ?? { factor: 1, source: 'flag' });
  const runOne = async (check: Check<Context>) => {
    if (decides(check)) progress.started(check);
    const results = await runChecks({ ...shared, checks: [check] });
    progress.finished(check, results);
    return results;
  };
  const laneResults = await Promise.all(
    Array.from({ length: Math.max(1, options.lanes) }, async () => {
      const out: CheckResult[] = [];
      for (let check = queue.shift(); check; check = queue.shift()) out.push(...(await runOne(check)));
      return out;
    }),
  );
  const exclusive: CheckResult[] = [];
  for (const check of options.checks.filter(isExclusive).map(prepare)) exclusive.push(...(await runOne(check)));
  return [...laneResults.flat(), ...exclusive].sort(compareResults);
}

export type CloseRunOptions = Pick<AssembleOptions, 'subject' | 'results' | 'errors' | 'command' | 'config' | 'notApplicable' | 'product'> & {
  /** Rows to report instead of the frame's scope (a run that promotes some rows for itself). */
  scope?: Requirement[];
};

/** Assembles the one results model, with the run's traffic log as the evidence the results cite. */
export function closeRun(frame: RunFrame, options: CloseRunOptions): RunResults {
  const { scope, ...rest } = options;
  const results = assembleResults({
    ...rest,
    edition: frame.edition,
    profile: frame.profile,
    areas: frame.catalog.areas,
    scope: reportedScope(scope ?? frame.scope, frame.only ? [...frame.only] : undefined),
    startedAt: frame.startedAt,
    finishedAt: frame.now(),
  });
  const traffic = frame.traffic.all();
  return traffic.length > 0 ? { ...results, traffic } : results;
}

/**
 * One reading of what went wrong outside the checks, for every runner: refused input, a product that
 * could not be launched and the loaders' one-line errors are stated as they are; a programming error
 * (TypeError and kin) or a non-Error throw is an internal error with its stack.
 */
export function runErrorOf(cause: unknown): RunError {
  if (cause instanceof UnsafeInputError) return { message: `Input refused: ${cause.message}` };
  if (cause instanceof LaunchError) return { message: cause.message, ...(cause.logs ? { detail: cause.logs } : {}) };
  if (cause instanceof Error && !(cause instanceof TypeError || cause instanceof RangeError || cause instanceof ReferenceError)) return { message: cause.message };
  return internalError(cause);
}
