import type { Edition } from '../../core/catalog/editions.js';
import type { Catalog } from '../../core/catalog/types.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { loadOrCreateStablePki } from '../../core/identity/stable-pki.js';
import { createAttachedDeviceLauncher } from '../launch/attached-device.js';
import type { DeviceLaunchSettings, DeviceLauncher } from '../../core/launch/device-launcher.js';
import { createDeviceProcessLauncher } from '../launch/device-process.js';
import { LaunchError } from '../../core/launch/launcher.js';
import { startMockWfm, type MockWfm } from '../../instruments/mock-wfm/index.js';
import { fromPackageRoot } from '../../core/package-root.js';
import { assembleResults } from '../../core/results/assemble-results.js';
import { internalError } from '../../core/results/internal-error.js';
import type { CheckResult, RunError, RunResults } from '../../core/results/model.js';
import { compareIds, runChecks } from '../../core/runner/run-checks.js';
import { shellQuote } from './run-package.js';
import { loadProfiles, reportedScope, requirementsInScope, unclaimedRequirements, type DeviceFeature, type Profile } from '../../core/profiles/profile.js';
import { BASELINE_CHECKS, DEVICE_CHECKS, createAttachedSessions, createSession, defaultCapabilities, runBaseline, type Baseline, type DeploymentType, type DeviceCheck, type DeviceContext, type Session } from '../../suites/device-api/index.js';
import { skip } from '../../suites/device-api/support/findings.js';

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
  /** How long one wait on the device may take. @default 6000 */
  waitMs?: number;
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
  catalog?: Catalog;
  now?: () => Date;
}

/** Where attached mode keeps its fixed trust material unless told otherwise (`--mock-wfm-pki`). */
export const DEFAULT_MOCK_WFM_PKI = './margo-mock-wfm-pki';

/** Runs a device profile: every scenario against a fresh mock WFM and a fresh device. Never throws for a faulty device. */
export async function runDevice(options: DeviceRunOptions): Promise<RunResults> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const catalog = options.catalog ?? loadCatalog();
  const profile = loadProfiles().find((p) => p.id === options.profile);
  if (!profile || !profile.subjects.includes('device')) throw new Error(`"${options.profile}" is not a device profile; use device-compose, device-helm or device-wasm.`);
  if (profile.deploymentType && options.edition.profileTypes[profile.deploymentType] === undefined) {
    throw new Error(`Profile ${profile.id} certifies ${profile.deploymentType} deployments, which ${options.edition.id} does not have. Run it with --spec-version 1.0.0-rc.3.`);
  }
  const scope = requirementsInScope(catalog, profile, options.edition.id);
  const unclaimed = unclaimedRequirements(options.features ?? [], options.edition.id);
  const wanted = new Set(scope.map((r) => r.id).filter((id) => !options.only || options.only.includes(id)));
  const attached = options.mockWfmPort !== undefined;
  let launcher = options.launcher ?? (attached ? undefined : defaultLauncher(options));
  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  const sessions: Session[] = [];
  let mock: MockWfm | undefined;
  try {
    const waitMs = options.waitMs ?? 6000;
    const pollIntervalMs = options.pollIntervalMs ?? 100;
    const deploymentType = deploymentTypeOf(profile);
    let pki: TestPki;
    let newSession: DeviceContext['newSession'];
    if (attached) {
      const stable = await loadOrCreateStablePki(options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI);
      pki = stable.pki;
      mock = await startMockWfm({ edition: options.edition, pki, port: options.mockWfmPort ?? 0 });
      const credential = options.edition.api.auth === 'mtls' ? { spiffeId: stable.svid.spiffeId } : { certificatePem: stable.client.certPem };
      mock.operator.acceptClient(credential);
      const live = mock;
      launcher ??= createAttachedDeviceLauncher({ edition: options.edition.id, wfmUrl: live.url, pkiDir: options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI, traffic: () => live.traffic, ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}) });
      await launcher.start(attachedSettings(options, live.url, pollIntervalMs));
      newSession = await createAttachedSessions({ edition: options.edition, deploymentType, mock: live, credential, waitMs });
    } else {
      pki = await createTestPki();
      const factory = { edition: options.edition, deploymentType, pki, launcher: launcher as DeviceLauncher, pollIntervalMs, waitMs, capabilities: (id: string) => defaultCapabilities(options.edition, id, deploymentType) };
      newSession = (name, sessionOptions) => createSession(name, factory, sessionOptions);
    }
    let baseline: Promise<Baseline> | undefined;
    const context: DeviceContext = {
      edition: options.edition,
      deploymentType,
      newSession,
      baseline: () =>
        (baseline ??= newSession('baseline').then((session) => {
          sessions.push(session);
          return runBaseline(session, waitMs);
        })),
      pki,
      canRestart: !attached,
      scope: wanted,
      waitMs,
      pollIntervalMs,
    };
    results = await runInLanes(context, new Set(scope.map((r) => r.id)), unclaimed, options);
  } catch (cause) {
    if (cause instanceof LaunchError) errors.push({ message: cause.message, detail: cause.logs });
    else errors.push(internalError(cause));
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
    await mock?.close();
  }
  return assembleResults({
    edition: options.edition,
    profile,
    areas: catalog.areas,
    scope: reportedScope(scope, options.only),
    subject: { kind: 'device', location: launcher?.describe() ?? 'device started by hand' },
    results,
    errors,
    startedAt,
    finishedAt: now(),
    command: options.command ?? reproduceCommand(options),
    config: {
      specVersion: options.edition.id,
      profile: options.profile,
      ...(options.sutCommand ? { sutCommand: options.sutCommand } : {}),
      ...(options.only ? { only: options.only } : {}),
      ...(options.features?.length ? { features: options.features } : {}),
      ...(attached ? { mockWfmPort: options.mockWfmPort, mockWfmPki: options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI } : {}),
      ...(options.faults && options.faults.length > 0 ? { faults: options.faults } : {}),
    },
  });
}

/**
 * Scenarios are independent (each has its own mock WFM and device), so they run in lanes; the merged list
 * is sorted like runChecks sorts. A device started by hand is one device: one lane, baseline checks first.
 */
async function runInLanes(context: DeviceContext, inScope: ReadonlySet<string>, unclaimed: ReadonlyMap<string, DeviceFeature>, options: DeviceRunOptions): Promise<CheckResult[]> {
  const only = options.only ? new Set(options.only) : undefined;
  const attached = options.mockWfmPort !== undefined;
  const ordered = attached ? [...BASELINE_CHECKS, ...DEVICE_CHECKS.filter((check) => !BASELINE_CHECKS.includes(check))] : [...DEVICE_CHECKS];
  const queue = ordered.map((check) => notClaimed(check, unclaimed) ?? check);
  const lanes = await Promise.all(
    Array.from({ length: attached ? 1 : Math.max(1, options.concurrency ?? 8) }, async () => {
      const out: CheckResult[] = [];
      for (let check = queue.shift(); check; check = queue.shift()) out.push(...(await runChecks({ checks: [check], context, inScope, ...(only ? { only } : {}) })));
      return out;
    }),
  );
  return lanes.flat().sort((a, b) => compareIds(a.requirement, b.requirement) || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0));
}

/** A check that decides only requirements of an unclaimed feature skips them all without starting a scenario. */
function notClaimed(check: DeviceCheck, unclaimed: ReadonlyMap<string, DeviceFeature>): DeviceCheck | undefined {
  const feature = unclaimed.get(check.requirements[0] ?? '');
  if (!feature || !check.requirements.every((id) => unclaimed.has(id))) return undefined;
  const reason = `Not applicable: the device does not claim the ${feature.id} feature (${feature.title}). Run with --feature ${feature.id} if it has it.`;
  return { ...check, run: () => skip(check.requirements, reason) };
}

/**
 * The deployment type a device profile certifies. Profiles should say it as data (`deploymentType`,
 * issue 4 report); until they do, the id's suffix (`device-helm`) names it.
 */
function deploymentTypeOf(profile: Profile): DeploymentType {
  if (!profile.deploymentType) throw new Error(`Profile ${profile.id} names no deploymentType (helm, compose or custom).`);
  return profile.deploymentType;
}

/** The settings the operator gave the device by hand, as far as the harness knows them (the attached launcher ignores them). */
function attachedSettings(options: DeviceRunOptions, wfmUrl: string, pollIntervalMs: number): DeviceLaunchSettings {
  const dir = options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI;
  return { edition: options.edition.id, wfmUrl, deviceId: '', trust: { kind: 'svid', bundlePem: '', certPem: '', keyPem: '' }, pollIntervalMs, stateDir: dir, capabilitiesFile: '' };
}

function defaultLauncher(options: DeviceRunOptions): DeviceLauncher {
  const command = options.sutCommand ?? [process.execPath, fromPackageRoot('dist', 'reference', 'device', 'main.js')];
  return createDeviceProcessLauncher({ command, ...(options.faults ? { faults: options.faults } : {}) });
}

function reproduceCommand(options: DeviceRunOptions): string {
  const args = ['margo-conformance', 'run', '--profile', options.profile, '--spec-version', options.edition.id];
  if (options.sutCommand) args.push('--sut-command', options.sutCommand);
  if (options.mockWfmPort !== undefined) args.push('--mock-wfm-port', String(options.mockWfmPort), '--mock-wfm-pki', options.mockWfmPki ?? DEFAULT_MOCK_WFM_PKI);
  if (options.features?.length) args.push('--feature', options.features.join(','));
  if (options.only) args.push('--only', options.only.join(','));
  return args.map(shellQuote).join(' ');
}
