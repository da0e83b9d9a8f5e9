import { randomBytes } from 'node:crypto';
import type { Edition } from '../../core/catalog/editions.js';
import type { Catalog } from '../../core/catalog/types.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { createHttpClient, probeTls } from '../../core/http/index.js';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { loadOrCreateStablePki } from '../../core/identity/stable-pki.js';
import { createLocalProcessLauncher, LaunchError, type LaunchedSut, type Launcher } from '../launch/index.js';
import { fromPackageRoot } from '../../core/package-root.js';
import { assembleResults } from '../../core/results/assemble-results.js';
import { internalError } from '../../core/results/internal-error.js';
import type { CheckResult, RunError, RunResults, Subject } from '../../core/results/model.js';
import { compareIds, runChecks } from '../../core/runner/run-checks.js';
import { shellQuote } from './run-package.js';
import { loadProfile, reportedScope, requirementsInScope } from '../../core/profiles/profile.js';
import { WFM_CHECKS, createControlClient, createClientFactory, type WfmCheck, type WfmContext } from '../../suites/wfm-api/index.js';

export interface WfmRunOptions {
  edition: Edition;
  /** `https://host:port` of a WFM that is already running; without it the harness launches one. */
  target?: string;
  /** Control-adapter base URL for `target`. */
  control?: string;
  /**
   * A directory with the kept test PKI (`margo-conformance pki --out DIR`, created when absent): the WFM
   * given by `target` serves its certificate and trusts its anchors. @default a fresh PKI for this run
   */
  pkiDir?: string;
  /** Command that starts the WFM under the launch contract. @default the bundled reference WFM */
  sutCommand?: string;
  /** Decide only these requirement IDs. */
  only?: string[];
  /** Faults for the bundled reference WFM (self-test). */
  faults?: string[];
  /** Starts the subject instead of the local-process launcher (tests inject an in-process one). */
  launcher?: (pki: TestPki) => Launcher;
  /** Checks run at most this many at a time (each with its own clients). @default 4 */
  concurrency?: number;
  /** The command line that reproduces this run. @default built from the options */
  command?: string;
  catalog?: Catalog;
  now?: () => Date;
}

const PROFILE_ID = 'wfm';

/** Runs the WFM profile against a launched or given WFM; never throws for a faulty WFM. */
export async function runWfm(options: WfmRunOptions): Promise<RunResults> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const catalog = options.catalog ?? loadCatalog();
  const profile = loadProfile(PROFILE_ID);
  const scope = requirementsInScope(catalog, profile, options.edition.id);
  const wanted = new Set(scope.map((r) => r.id).filter((id) => !options.only || options.only.includes(id)));

  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  // A WFM given by --target was configured with a kept PKI (`margo-conformance pki`); otherwise a fresh one per run.
  const pki = options.pkiDir ? (await loadOrCreateStablePki(options.pkiDir)).pki : await createTestPki();
  const launcher = options.target ? undefined : (options.launcher?.(pki) ?? defaultLauncher(options, pki));
  let subject: Subject = { kind: 'wfm', location: options.target ?? launcher?.describe() ?? '' };
  const http = createHttpClient();
  let launched: LaunchedSut | undefined;
  try {
    launched = launcher ? await launcher.start() : undefined;
    const url = (options.target ?? launched?.url ?? '').replace(/\/+$/, '');
    subject = { kind: 'wfm', location: options.target ?? `${launcher?.describe() ?? ''} (${url})` };
    // Without this, a dead target would only produce skips (every set-up fails) and read as conformant.
    const reachable = await probeTls({ url });
    if (reachable.outcome === 'unreachable') throw new LaunchError(`No WFM answered at ${url} (${reachable.code}). Start it, or check --target.`, '');
    const control = createControlClient({ url: options.control ?? launched?.controlUrl, http });
    const runId = randomBytes(4).toString('hex');
    const relaunch = launched?.restart?.bind(launched);
    const restart = relaunch
      ? async () => {
          await relaunch();
          await http.resetConnections();
        }
      : undefined;
    const context: WfmContext = {
      edition: options.edition,
      url,
      http,
      control,
      pki,
      runId,
      scope: wanted,
      newClient: createClientFactory({ edition: options.edition, url, http, control, pki, runId }),
      ...(restart ? { restart } : {}),
    };
    results = await runAll(WFM_CHECKS, context, new Set(scope.map((r) => r.id)), options);
  } catch (cause) {
    errors.push(cause instanceof LaunchError ? { message: cause.message } : internalError(cause));
  } finally {
    await http.close();
    await launched?.stop();
  }
  return assembleResults({
    edition: options.edition,
    profile,
    areas: catalog.areas,
    scope: reportedScope(scope, options.only),
    subject,
    results,
    errors,
    startedAt,
    finishedAt: now(),
    command: options.command ?? reproduceCommand(options),
    config: {
      specVersion: options.edition.id,
      ...(options.target ? { target: options.target } : {}),
      ...(options.control ? { control: options.control } : {}),
      ...(options.pkiDir ? { pki: options.pkiDir } : {}),
      ...(options.sutCommand ? { sutCommand: options.sutCommand } : {}),
      ...(options.only ? { only: options.only } : {}),
      ...(options.faults && options.faults.length > 0 ? { faults: options.faults } : {}),
    },
  });
}

/**
 * Independent checks run in lanes, each lane through the shared runner; exclusive checks (they restart
 * the subject) run alone afterwards. The merged list is sorted as runChecks sorts, so output is stable.
 */
async function runAll(checks: readonly WfmCheck[], context: WfmContext, inScope: ReadonlySet<string>, options: WfmRunOptions): Promise<CheckResult[]> {
  const only = options.only ? new Set(options.only) : undefined;
  const shared = { context, inScope, ...(only ? { only } : {}) };
  const parallel = checks.filter((check) => !check.exclusive);
  const lanes = Math.max(1, options.concurrency ?? 4);
  const queue = [...parallel];
  const laneResults = await Promise.all(
    Array.from({ length: lanes }, async () => {
      const out: CheckResult[] = [];
      for (let check = queue.shift(); check; check = queue.shift()) out.push(...(await runChecks({ ...shared, checks: [check] })));
      return out;
    }),
  );
  const exclusive = await runChecks({ ...shared, checks: checks.filter((check) => check.exclusive) });
  return [...laneResults.flat(), ...exclusive].sort(
    (a, b) => compareIds(a.requirement, b.requirement) || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0),
  );
}

function defaultLauncher(options: WfmRunOptions, pki: TestPki): Launcher {
  const command = options.sutCommand ?? [process.execPath, fromPackageRoot('dist', 'reference', 'wfm', 'main.js')];
  return createLocalProcessLauncher({ command, edition: options.edition.id, pki, ...(options.faults ? { faults: options.faults } : {}) });
}

function reproduceCommand(options: WfmRunOptions): string {
  const args = ['margo-conformance', 'run', '--profile', 'wfm', '--spec-version', options.edition.id];
  if (options.target) args.push('--target', options.target);
  if (options.control) args.push('--control', options.control);
  if (options.pkiDir) args.push('--pki', options.pkiDir);
  if (options.sutCommand) args.push('--sut-command', options.sutCommand);
  if (options.only) args.push('--only', options.only.join(','));
  return args.map(shellQuote).join(' ');
}
