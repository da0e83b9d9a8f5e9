import type { Edition } from './catalog/editions.js';
import type { Catalog } from './catalog/types.js';
import { loadCatalog } from './catalog/load-catalog.js';
import { createTestPki } from './identity/index.js';
import type { DeviceLauncher } from './launch/device-launcher.js';
import { createDeviceProcessLauncher } from './launch/device-process.js';
import { fromPackageRoot } from './package-root.js';
import { assembleResults } from './results/assemble-results.js';
import type { CheckResult, RunError, RunResults } from './results/model.js';
import { compareIds, runChecks } from './runner/run-checks.js';
import { shellQuote } from './run-package.js';
import { loadProfiles, requirementsInScope, type Profile } from '../profiles/profile.js';
import { DEVICE_CHECKS, createSession, defaultCapabilities, runBaseline, type Baseline, type DeploymentType, type DeviceContext, type Session } from '../suites/device-api/index.js';

export interface DeviceRunOptions {
  /** `device-compose` or `device-helm`: which deployment type the device is certified for. */
  profile: string;
  edition: Edition;
  /** Command that starts the device under the launch contract. @default the bundled reference device */
  sutCommand?: string;
  /** Decide only these requirement IDs. */
  only?: string[];
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
  /** The command line that reproduces this run. @default built from the options */
  command?: string;
  catalog?: Catalog;
  now?: () => Date;
}

/** Runs a device profile: every scenario against a fresh mock WFM and a fresh device. Never throws for a faulty device. */
export async function runDevice(options: DeviceRunOptions): Promise<RunResults> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const catalog = options.catalog ?? loadCatalog();
  const profile = loadProfiles().find((p) => p.id === options.profile);
  if (!profile || !profile.subjects.includes('device')) throw new Error(`"${options.profile}" is not a device profile; use device-compose or device-helm.`);
  const scope = requirementsInScope(catalog, profile, options.edition.id);
  const wanted = new Set(scope.map((r) => r.id).filter((id) => !options.only || options.only.includes(id)));
  const launcher = options.launcher ?? defaultLauncher(options);
  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  const sessions: Session[] = [];
  try {
    const pki = await createTestPki();
    const waitMs = options.waitMs ?? 6000;
    const pollIntervalMs = options.pollIntervalMs ?? 100;
    const deploymentType = deploymentTypeOf(profile);
    const factory = { edition: options.edition, deploymentType, pki, launcher, pollIntervalMs, waitMs, capabilities: (id: string) => defaultCapabilities(options.edition, id, deploymentType) };
    let baseline: Promise<Baseline> | undefined;
    const context: DeviceContext = {
      edition: options.edition,
      deploymentType,
      newSession: (name, sessionOptions) => createSession(name, factory, sessionOptions),
      baseline: () =>
        (baseline ??= createSession('baseline', factory).then((session) => {
          sessions.push(session);
          return runBaseline(session, waitMs);
        })),
      pki,
      canRestart: true,
      scope: wanted,
      waitMs,
      pollIntervalMs,
    };
    results = await runInLanes(context, new Set(scope.map((r) => r.id)), options);
  } catch (cause) {
    errors.push({ message: `Internal error: ${(cause as Error).message}`, detail: (cause as Error).stack ?? String(cause) });
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }
  const onlyScope = options.only ? scope.filter((r) => options.only?.includes(r.id)) : scope;
  return assembleResults({
    edition: options.edition,
    profile,
    areas: catalog.areas,
    scope: onlyScope,
    subject: { kind: 'device', location: launcher.describe() },
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
      ...(options.faults && options.faults.length > 0 ? { faults: options.faults } : {}),
    },
  });
}

/** Scenarios are independent (each has its own mock WFM and device), so they run in lanes; the merged list is sorted like runChecks sorts. */
async function runInLanes(context: DeviceContext, inScope: ReadonlySet<string>, options: DeviceRunOptions): Promise<CheckResult[]> {
  const only = options.only ? new Set(options.only) : undefined;
  const queue = [...DEVICE_CHECKS];
  const lanes = await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency ?? 8) }, async () => {
      const out: CheckResult[] = [];
      for (let check = queue.shift(); check; check = queue.shift()) out.push(...(await runChecks({ checks: [check], context, inScope, ...(only ? { only } : {}) })));
      return out;
    }),
  );
  return lanes.flat().sort((a, b) => compareIds(a.requirement, b.requirement) || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0));
}

/**
 * The deployment type a device profile certifies. Profiles should say it as data (`deploymentType`,
 * issue 4 report); until they do, the id's suffix (`device-helm`) names it.
 */
function deploymentTypeOf(profile: Profile): DeploymentType {
  if (!profile.deploymentType) throw new Error(`Profile ${profile.id} names no deploymentType (helm or compose).`);
  return profile.deploymentType;
}

function defaultLauncher(options: DeviceRunOptions): DeviceLauncher {
  const command = options.sutCommand ?? [process.execPath, fromPackageRoot('dist', 'reference', 'device', 'main.js')];
  return createDeviceProcessLauncher({ command, ...(options.faults ? { faults: options.faults } : {}) });
}

function reproduceCommand(options: DeviceRunOptions): string {
  const args = ['margo-conformance', 'run', '--profile', options.profile, '--spec-version', options.edition.id];
  if (options.sutCommand) args.push('--sut-command', options.sutCommand);
  if (options.only) args.push('--only', options.only.join(','));
  return args.map(shellQuote).join(' ');
}
