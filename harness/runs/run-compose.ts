import { DEFAULT_EDITION, EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { Catalog, Requirement } from '../../core/catalog/types.js';
import { UnsafeInputError, type InputLimits } from '../../core/input/limits.js';
import { assembleResults } from '../../core/results/assemble-results.js';
import type { CheckResult, RunError, RunResults, Subject } from '../../core/results/model.js';
import { runChecks } from '../../core/runner/run-checks.js';
import { loadProfile } from '../../core/profiles/profile.js';
import { composeChecks } from '../../suites/compose/compose-checks.js';
import type { ComposeContext } from '../../suites/compose/compose-context.js';
import { loadComposeInput, type ComposeInput } from '../../suites/compose/load/load-compose-input.js';
import type { Environment } from '../../suites/compose/model/interpolate.js';
import { composeRules, ruleApplies, type RuleLevel } from '../../suites/compose/rules.js';
import type { Waiver } from '../../suites/compose/waivers.js';

export const COMPOSE_PROFILE_ID = 'compose-security';

export interface ComposeRunOptions {
  /** A compose.yaml, a Compose Archive (.tar.gz), or an OCI image layout holding a Compose component. */
  path: string;
  /** Rules of this level decide the verdict. @default 'baseline' */
  level?: RuleLevel;
  /** Interpolation variables (`--env-file` then `--env`). @default none: the archive's .env, if any */
  env?: Environment;
  waivers?: readonly Waiver[];
  /** The reproducing command line, recorded in the results. */
  command?: string;
  /** Recorded in the results, secrets left out: only names of variables, never values. */
  config?: Record<string, unknown>;
  catalog?: Catalog;
  limits?: InputLimits;
  now?: () => Date;
}

/**
 * Checks one Compose file, archive or component and returns the results model. The rules of the chosen
 * level are promoted to `core` for this run only, so they decide the verdict; the other rules stay
 * `extended` warnings. The catalog itself keeps them SHOULD/extended.
 */
export async function runCompose(options: ComposeRunOptions): Promise<RunResults> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const level = options.level ?? 'baseline';
  const catalog = options.catalog ?? loadCatalog();
  const edition = EDITIONS[DEFAULT_EDITION];
  const profile = loadProfile(COMPOSE_PROFILE_ID);
  const checks = composeChecks();
  const covered = new Set(checks.flatMap((c) => c.requirements));
  const scope = catalog.requirements.filter((r) => covered.has(r.id) && r.editions.includes(edition.id)).map((r) => promote(r, level));

  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  let subject: Subject = { kind: 'compose', location: options.path };
  let input: ComposeInput | undefined;
  try {
    input = await loadComposeInput(options.path, { ...(options.env ? { env: options.env } : {}), ...(options.limits ? { limits: options.limits } : {}) });
  } catch (cause) {
    errors.push(cause instanceof UnsafeInputError ? { message: `Input refused: ${cause.message}` } : { message: (cause as Error).message });
  }
  if (input) {
    subject = { kind: 'compose', location: options.path, format: input.format, ...(input.digest ? { digest: input.digest } : {}) };
    const context: ComposeContext = {
      projects: input.projects,
      ...(input.archive ? { archive: input.archive } : {}),
      ...(input.oci ? { oci: input.oci } : {}),
      waivers: options.waivers ?? [],
      today: startedAt.toISOString().slice(0, 10),
    };
    results = await runChecks({ checks, context, inScope: new Set(scope.map((r) => r.id)) });
  }
  return assembleResults({
    edition,
    profile,
    scope,
    areas: catalog.areas,
    subject,
    results,
    errors,
    startedAt,
    finishedAt: now(),
    command: options.command ?? `margo-conformance compose ${options.path} --level ${level}`,
    config: { level, ...options.config },
  });
}

/** A content rule of the chosen level counts as core for this run. */
function promote(row: Requirement, level: RuleLevel): Requirement {
  const rule = composeRules().find((r) => r.id === row.id);
  return rule && ruleApplies(rule, level) ? { ...row, level: 'core' } : row;
}
