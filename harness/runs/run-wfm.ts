import { randomBytes } from 'node:crypto';
import type { Edition } from '../../core/catalog/editions.js';
import type { Catalog } from '../../core/catalog/types.js';
import { createHttpClient, DEFAULT_TIMEOUT_MS, probeTls } from '../../core/http/index.js';
import type { OnProgress } from '../../core/runner/run-progress.js';
import { describeTimeScale, resolveTimeScale, type TimeScale } from '../../core/runner/time-scale.js';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { loadOrCreateStablePki } from '../../core/identity/stable-pki.js';
import { createLocalProcessLauncher, LaunchError, type LaunchedSut, type Launcher } from '../launch/index.js';
import { fromPackageRoot } from '../../core/package-root.js';
import type { CheckResult, RunError, RunResults, Subject } from '../../core/results/model.js';
import { checksOf } from '../check-sets.js';
import { closeRun, openRun, runErrorOf, runInLanes } from './run-skeleton.js';
import { reproduceCommand as buildCommand } from './reproduce-command.js';
import { createControlClient, createClientFactory, type WfmCheck, type WfmContext } from '../../suites/wfm-api/index.js';
import { startOciRegistry, type OciRegistry } from '../../instruments/oci-registry/index.js';

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
  /** Multiplies every deadline (`--time-scale`): HTTP requests, launch. @default calibrated at run start */
  timeScale?: number;
  /** Told as checks start and end (the CLI shows progress). */
  onProgress?: OnProgress;
  /** Told the launched WFM's captured output once it has stopped (a certification bundle's sut-logs.txt). */
  onSutLogs?: (source: string, text: string) => void;
  catalog?: Catalog;
  now?: () => Date;
}

const PROFILE_ID = 'wfm';
/** The WFM's ready line or TLS port, on the quiet reference machine; scaled like every deadline. */
const BASE_READY_MS = 15_000;

/** Runs the WFM profile against a launched or given WFM; never throws for a faulty WFM. */
export async function runWfm(options: WfmRunOptions): Promise<RunResults> {
  const frame = openRun({ profile: PROFILE_ID, edition: options.edition, ...(options.only ? { only: options.only } : {}), ...(options.catalog ? { catalog: options.catalog } : {}), ...(options.now ? { now: options.now } : {}) });

  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  // A WFM given by --target was configured with a kept PKI (`margo-conformance pki`); otherwise a fresh one per run.
  const pki = options.pkiDir ? (await loadOrCreateStablePki(options.pkiDir)).pki : await createTestPki();
  const timeScale = await resolveTimeScale(options.timeScale);
  const launcher = options.target ? undefined : (options.launcher?.(pki) ?? defaultLauncher(options, pki, timeScale));
  let subject: Subject = { kind: 'wfm', location: options.target ?? launcher?.describe() ?? '' };
  // One request's deadline (5 s on the quiet reference machine) scales with the machine, as every wait does.
  const http = createHttpClient({ traffic: frame.traffic, timeoutMs: timeScale.ms(DEFAULT_TIMEOUT_MS) });
  let launched: LaunchedSut | undefined;
  let registry: OciRegistry | undefined;
  try {
    // The application registry the WFM is asked to pull packages from (AR-001..AR-007): anonymous plain HTTP on
    // loopback, its access log written to the run's traffic log; pages of two tags so a WFM's paging shows.
    registry = await startOciRegistry({ artifacts: [], traffic: frame.traffic, maxTagsPerPage: 2 });
    launched = launcher ? await launcher.start() : undefined;
    const url = (options.target ?? launched?.url ?? '').replace(/\/+$/, '');
    subject = { kind: 'wfm', location: options.target ?? `${launcher?.describe() ?? ''} (${url})` };
    // Reachability first: one TLS handshake within a short, stated deadline, before any check. A target that
    // accepts no connection, never completes a handshake or resets it is `error` (exit 2), not judged.
    await expectReachable(url, Math.min(timeScale.ms(REACHABILITY_TIMEOUT_MS), MAX_REACHABILITY_TIMEOUT_MS), frame.traffic);
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
      scope: frame.wanted,
      timeScale,
      registry,
      newClient: createClientFactory({ edition: options.edition, url, http, control, pki, runId }),
      ...(restart ? { restart } : {}),
    };
    // Independent checks run in lanes, each with its own clients; those that restart the subject run alone afterwards.
    results = await runInLanes(frame, { checks: await checksOf<WfmContext>(frame.profile), context, lanes: options.concurrency ?? 4, exclusive: (check) => Boolean((check as WfmCheck).exclusive), timeScale, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  } catch (cause) {
    errors.push(runErrorOf(cause));
  } finally {
    await http.close();
    await registry?.close();
    try {
      await launched?.stop();
    } finally {
      if (launched) options.onSutLogs?.('wfm', launched.logs());
    }
  }
  return closeRun(frame, {
    subject,
    results,
    errors,
    command: options.command ?? commandOf(options),
    config: {
      specVersion: options.edition.id,
      timeScale: { ...describeTimeScale(timeScale), requestTimeoutMs: timeScale.ms(DEFAULT_TIMEOUT_MS) },
      ...(options.target ? { target: options.target } : {}),
      ...(options.control ? { control: options.control } : {}),
      ...(options.pkiDir ? { pki: options.pkiDir } : {}),
      ...(options.sutCommand ? { sutCommand: options.sutCommand } : {}),
      ...(options.only ? { only: options.only } : {}),
      ...(options.faults && options.faults.length > 0 ? { faults: options.faults } : {}),
    },
  });
}

/** How long the reachability probe waits for a TLS handshake: 5 s on the quiet reference machine, scaled, at most 8 s (the run then ends well within 15 s). */
const REACHABILITY_TIMEOUT_MS = 5000;
const MAX_REACHABILITY_TIMEOUT_MS = 8000;

/**
 * Throws a one-line LaunchError unless the target completes a TLS handshake (or refuses the probe with a
 * TLS alert, which still shows a TLS server answering). The probe is recorded in the traffic log.
 */
async function expectReachable(url: string, timeoutMs: number, traffic: Parameters<typeof probeTls>[0]['traffic']): Promise<void> {
  const probe = await probeTls({ url, timeoutMs, ...(traffic ? { traffic } : {}) });
  if (probe.outcome === 'connected' || probe.handshake.result === 'refused-by-peer') return;
  const host = new URL(url).host;
  const what =
    probe.outcome === 'unreachable'
      ? `nothing accepted a TCP connection (${probe.code})`
      : probe.outcome === 'timeout'
        ? probe.message
        : `the connection was reset before a TLS handshake completed (${probe.code})`;
  throw new LaunchError(`The WFM at ${host} is not reachable: awaited a completed TLS handshake within ${timeoutMs} ms, but ${what}. Start it, or check --target.`, '');
}

function defaultLauncher(options: WfmRunOptions, pki: TestPki, timeScale: TimeScale): Launcher {
  const command = options.sutCommand ?? [process.execPath, fromPackageRoot('dist', 'reference', 'wfm', 'main.js')];
  return createLocalProcessLauncher({ command, edition: options.edition.id, pki, readyTimeoutMs: timeScale.ms(BASE_READY_MS), ...(options.faults ? { faults: options.faults } : {}) });
}

function commandOf(options: WfmRunOptions): string {
  return buildCommand('run', [], [
    ['--profile', 'wfm'],
    ['--spec-version', options.edition.id],
    ['--target', options.target],
    ['--control', options.control],
    ['--pki', options.pkiDir],
    ['--sut-command', options.sutCommand],
    ['--only', options.only],
  ]);
}
