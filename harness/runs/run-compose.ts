import { DEFAULT_EDITION, EDITIONS } from '../../core/catalog/editions.js';
import type { Catalog } from '../../core/catalog/types.js';
import { loadProfile, type Profile } from '../../core/profiles/profile.js';
import type { InputLimits } from '../../core/input/limits.js';
import { reproduceCommand } from './reproduce-command.js';
import { closeRun, openRun, runErrorOf, runInLanes } from './run-skeleton.js';
import type { CheckResult, RunError, RunResults, Subject } from '../../core/results/model.js';
import { withRuleFacts } from './with-rule-facts.js';
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
  const level = options.level ?? 'baseline';
  const edition = EDITIONS[DEFAULT_EDITION];
  const checks = composeChecks();
  // compose-security decides only the rows its checks declare (CMP, MCS). The content rules stay SHOULD and
  // extended in the catalog; the run's profile raises those of the chosen level (`raise`, as device-wasm does).
  const covered = new Set(checks.flatMap((c) => c.requirements));
  const frame = openRun({
    profile: composeProfile(level),
    edition,
    scope: (catalog) => catalog.requirements.filter((r) => covered.has(r.id) && r.editions.includes(edition.id)),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.now ? { now: options.now } : {}),
  });

  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  let subject: Subject = { kind: 'compose', location: options.path };
  let input: ComposeInput | undefined;
  try {
    input = await loadComposeInput(options.path, { ...(options.env ? { env: options.env } : {}), ...(options.limits ? { limits: options.limits } : {}) });
  } catch (cause) {
    errors.push(runErrorOf(cause));
  }
  if (input) {
    subject = { kind: 'compose', location: options.path, format: input.format, ...(input.digest ? { digest: input.digest } : {}) };
    const context: ComposeContext = {
      projects: input.projects,
      ...(input.archive ? { archive: input.archive } : {}),
      ...(input.oci ? { oci: input.oci } : {}),
      waivers: options.waivers ?? [],
      today: frame.startedAt.toISOString().slice(0, 10),
    };
    // A static check observes the Compose files themselves: a pass that cites nothing more stands on them.
    const files = input.projects.map((project) => ({ kind: 'file' as const, file: project.file }));
    results = await runInLanes(frame, { checks, context, lanes: 1, subjectEvidence: files.length > 0 ? files : [{ kind: 'file', file: options.path }] });
  }
  const assembled = closeRun(frame, {
    subject,
    results,
    errors,
    command: options.command ?? reproduceCommand('compose', [options.path], [['--level', level]]),
    config: { level, ...options.config },
  });
  return { ...assembled, requirements: withRuleFacts(assembled.requirements) };
}

/** compose-security with the content rules of the chosen level raised to core for this run (`raisedBy` in the results). */
export function composeProfile(level: RuleLevel): Profile {
  const profile = loadProfile(COMPOSE_PROFILE_ID);
  const raised = composeRules().filter((rule) => ruleApplies(rule, level)).map((rule) => rule.id);
  return { ...profile, raise: [...(profile.raise ?? []), ...raised] };
}
