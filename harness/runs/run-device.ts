import type { Edition } from '../../core/catalog/editions.js';
import type { Catalog } from '../../core/catalog/types.js';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { loadOrCreateStablePki } from '../../core/identity/stable-pki.js';
import { createAttachedDevice, type AttachedDevice } from '../launch/attached-device.js';
import type { DeviceLauncher } from '../../core/launch/device-launcher.js';
import { processCleanups } from '../launch/cleanup-registry.js';
import { captureDeviceLogs } from '../launch/capture-device-logs.js';
import { createDeviceProcessLauncher } from '../launch/device-process.js';
import { startMockWfm, type MockWfm } from '../../instruments/mock-wfm/index.js';
import { fromPackageRoot } from '../../core/package-root.js';
import type { CheckResult, RunError, RunResults } from '../../core/results/model.js';
import { currentObservationScope, withObservationScope } from '../../core/evidence/run-traffic.js';
import { checksOf } from '../check-sets.js';
import { closeRun, openRun, runErrorOf, runInLanes } from './run-skeleton.js';
import { reproduceCommand as buildCommand } from './reproduce-command.js';
import { loadProfiles, unclaimedRequirements, type DeviceFeature, type Profile } from '../../core/profiles/profile.js';
import { BASELINE_CHECKS, createAttachedSessions, createSession, defaultCapabilities, runBaseline, type Baseline, type DeploymentType, type DeviceCheck, type DeviceContext, type Session } from '../../suites/device-api/index.js';
import { skip } from '../../suites/device-api/support/findings.js';
import type { OnProgress } from '../../core/runner/run-progress.js';
import { describeTimeScale, resolveTimeScale, type TimeScale } from '../../core/runner/time-scale.js';

export interface DeviceRunOptions {
  /** `device-compose` or `device-helm`: which deployment type the device is certified for. */
  profile: string;
  edition: Edition;
  /** Command that starts the device under the launch contract. @default the bundled reference device */
  sutCommand?: string;
  /** Decide only these requirement IDs. */
  only?: string[];
  /** Optional features the device claims (`profiles/features/device.yaml`): gateway, trust-bundle-api. */
  features?: string[];
  /** Faults for the bundled reference device (self-test). */
  faults?: string[];
  /** Starts devices instead of the local-process launcher (tests inject an in-process one). */
  launcher?: DeviceLauncher;
  /** Scenarios run at most this many at a time, each with its own mock WFM and device. @default 8 */
  concurrency?: number;
  /** The device's polling interval. @default 100 */
  pollIntervalMs?: number;
  /** How long one wait on the device may take. @default BASE_WAIT_MS times the time scale */
  waitMs?: number;
  /** Multiplies every deadline (`--time-scale`). @default calibrated at run start */
  timeScale?: number;
  /** Told as scenario groups start and end and what each scenario awaits (the CLI shows progress). */
  onProgress?: OnProgress;
  /**
   * Attached mode: a device started by hand connects to one long-lived mock WFM on 127.0.0.1 at this port
   * for the whole run; scenarios that restart or reconfigure it are skipped.
   */
  mockWfmPort?: number;
  /** Attached mode: the directory with the fixed trust material (kept across runs). @default './margo-mock-wfm-pki' */
  mockWfmPki?: string;
  /** Attached mode: how long to wait for the device's first request. @default 60000 */
  connectTimeoutMs?: number;
  /** The command line that reproduces this run. @default built from the options */
  command?: string;
  /** Told each launched device's captured output when it stops (a certification bundle's sut-logs.txt). */
  onSutLogs?: (source: string, text: string) => void;
  catalog?: Catalog;
  now?: () => Date;
}

/** Where attached mode keeps its fixed trust material unless told otherwise (`--mock-wfm-pki`). */
export const DEFAULT_MOCK_WFM_PKI = './margo-mock-wfm-pki';

/**
 * One wait on the device, on the quiet reference machine: the reference device installs a three-component
 * deployment in well under 1 s there, so 6 s is ample; the run multiplies it by its time scale.
 */
export const BASE_WAIT_MS = 6000;
/** The device's ready line, on the quiet reference machine (node start plus key loading). */
const BASE_READY_MS = 15_000;

/** The observation scope of the shared baseline session. */
const BASELINE_SCOPE = 'device-api/baseline';

/** Runs a device profile: every scenario against a fresh mock WFM and a fresh device. Never throws for a faulty device. */
export async function runDevice(options: DeviceRunOptions): Promise<RunResults> {
  const profile = loadProfiles().find((p) => p.id === options.profile);
  if (!profile || !profile.subjects.includes('device')) throw new Error(`"${options.profile}" is not a device profile; use device-compose, device-helm or device-wasm.`);
  if (profile.deploymentType && options.edition.profileTypes[profile.deploymentType] === undefined) {
    throw new Error(`Profile ${profile.id} certifies ${profile.deploymentType} deployments, which ${options.edition.id} does not have. Run it with --spec-version 1.0.0-rc.3.`);
  }
  const frame = openRun({ profile, edition: options.edition, ...(options.only ? { only: options.only } : {}), ...(options.catalog ? { catalog: options.catalog } : {}), ...(options.now ? { now: options.now } : {}) });
  const unclaimed = unclaimedRequirements(options.features ?? [], options.edition.id);
  const attached = options.mockWfmPort !== undefined;
  const timeScale = await resolveTimeScale(options.timeScale);
  const chosen = attached ? undefined : (options.launcher ?? defaultLauncher(options, timeScale));
  const launcher = chosen && options.onSutLogs ? captureDeviceLogs(chosen, options.onSutLogs) : chosen;
  let attachedDevice: AttachedDevice | undefined;
  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  const sessions: Session[] = [];
  let mock: MockWfm | undefined;
  try {
    const waitMs = options.waitMs ?? timeScale.ms(BASE_WAIT_MS);
    const pollIntervalMs = options.pollIntervalMs ?? 100;
    const deploymentType = deploymentTypeOf(profile);
    let pki: TestPki;
    let newSession: DeviceContext['newSession'];
    if (attached) {
      const stable = await loadOrCreateStablePki(options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI);
      pki = stable.pki;
      mock = await startMockWfm({ edition: options.edition, pki, port: options.mockWfmPort ?? 0, runTraffic: frame.traffic });
      const credential = options.edition.api.auth === 'mtls' ? { spiffeId: stable.svid.spiffeId } : { certificatePem: stable.client.certPem };
      mock.operator.acceptClient(credential);
      const live = mock;
      attachedDevice = createAttachedDevice({ edition: options.edition.id, wfmUrl: live.url, pkiDir: options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI, traffic: () => live.traffic, ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}) });
      await attachedDevice.awaitFirstRequest();
      newSession = await createAttachedSessions({ edition: options.edition, deploymentType, mock: live, credential, waitMs });
    } else {
      pki = await createTestPki();
      const factory = { edition: options.edition, deploymentType, pki, launcher: launcher!, pollIntervalMs, waitMs, capabilities: (id: string) => defaultCapabilities(options.edition, id, deploymentType), cleanups: processCleanups, traffic: frame.traffic, onAwait: (scenario: string, what: string) => options.onProgress?.({ kind: 'await', scenario, what }) };
      // Every session is closed at the end too (close is once-only), so a scenario that forgot one leaves nothing running.
      newSession = async (name, sessionOptions) => {
        const session = await createSession(name, factory, sessionOptions);
        sessions.push(session);
        return session;
      };
    }
    let baseline: Promise<Baseline> | undefined;
    const context: DeviceContext = {
      edition: options.edition,
      deploymentType,
      newSession,
      // The baseline session is shared: every check that reads it cites what was observed under it.
      baseline: () => {
        const reader = currentObservationScope();
        if (reader) frame.traffic.borrow(reader, BASELINE_SCOPE);
        return (baseline ??= withObservationScope(BASELINE_SCOPE, () =>
          newSession('baseline').then((session) => {
            sessions.push(session);
            return runBaseline(session, waitMs);
          }),
        ));
      },
      pki,
      canRestart: !attached,
      scope: frame.wanted,
      waitMs,
      timeScale,
      pollIntervalMs,
    };
    // Scenarios are independent (each has its own mock WFM and device), so they run in lanes. A device
    // started by hand is one device: one lane, baseline checks first.
    const checks = await checksOf<DeviceContext>(profile);
    const baselineFirst = attached ? [...BASELINE_CHECKS, ...checks.filter((check) => !BASELINE_CHECKS.includes(check))] : checks;
    results = await runInLanes(frame, { checks: baselineFirst, context, lanes: attached ? 1 : (options.concurrency ?? 8), prepare: (check) => notClaimed(check, unclaimed) ?? check, timeScale, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  } catch (cause) {
    errors.push(runErrorOf(cause));
  } finally {
    await Promise.allSettled(sessions.map((session) => session.close()));
    await mock?.close();
  }
  return closeRun(frame, {
    notApplicable: new Map([...unclaimed].map(([id, feature]) => [id, `The device does not claim the ${feature.id} feature.`])),
    subject: { kind: 'device', location: (launcher ?? attachedDevice)?.describe() ?? 'device started by hand' },
    results,
    errors,
    command: options.command ?? commandOf(options),
    config: {
      specVersion: options.edition.id,
      profile: options.profile,
      timeScale: { ...describeTimeScale(timeScale), waitMs: options.waitMs ?? timeScale.ms(BASE_WAIT_MS) },
      ...(options.sutCommand ? { sutCommand: options.sutCommand } : {}),
      ...(options.only ? { only: options.only } : {}),
      ...(options.features?.length ? { features: options.features } : {}),
      ...(attached ? { mockWfmPort: options.mockWfmPort, mockWfmPki: options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI } : {}),
      ...(options.faults && options.faults.length > 0 ? { faults: options.faults } : {}),
    },
  });
}

/** A check that decides only requirements of an unclaimed feature skips them all without starting a scenario. */
function notClaimed(check: DeviceCheck, unclaimed: ReadonlyMap<string, DeviceFeature>): DeviceCheck | undefined {
  const feature = unclaimed.get(check.requirements[0] ?? '');
  if (!feature || !check.requirements.every((id) => unclaimed.has(id))) return undefined;
  const reason = `Not applicable: the device does not claim the ${feature.id} feature (${feature.title}). Run with --feature ${feature.id} if it has it.`;
  return { ...check, run: () => skip(check.requirements, reason) };
}

/** The deployment type a device profile certifies: profile data (`deploymentType`). */
function deploymentTypeOf(profile: Profile): DeploymentType {
  if (!profile.deploymentType) throw new Error(`Profile ${profile.id} names no deploymentType (helm, compose or custom).`);
  return profile.deploymentType;
}

function defaultLauncher(options: DeviceRunOptions, timeScale: TimeScale): DeviceLauncher {
  const command = options.sutCommand ?? [process.execPath, fromPackageRoot('dist', 'reference', 'device', 'main.js')];
  return createDeviceProcessLauncher({ command, readyTimeoutMs: timeScale.ms(BASE_READY_MS), ...(options.faults ? { faults: options.faults } : {}) });
}

function commandOf(options: DeviceRunOptions): string {
  return buildCommand('run', [], [
    ['--profile', options.profile],
    ['--spec-version', options.edition.id],
    ['--sut-command', options.sutCommand],
    ['--mock-wfm-port', options.mockWfmPort],
    ['--mock-wfm-pki', options.mockWfmPort !== undefined ? (options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI) : undefined],
    ['--feature', options.features],
    ['--only', options.only],
  ]);
}
