import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Edition } from '../../core/catalog/editions.js';
import type { TestPki } from '../../core/identity/index.js';
import type { CleanupRegistry } from '../../core/launch/cleanups.js';
import type { DeviceLaunchSettings, DeviceLauncher, DeviceTrust, LaunchedDevice } from '../../core/launch/device-launcher.js';
import type { RunTraffic } from '../../core/evidence/run-traffic.js';
import { LaunchError } from '../../core/launch/launcher.js';
import { startMockWfm, type MockWfm, type TrustBundleServing } from '../../instruments/mock-wfm/index.js';
import type { DeploymentType } from './context.js';
import { descriptionYaml, profileIdOf, type TestApplication } from './support/test-application.js';

export interface SessionOptions {
  /** Hours of the day in which the device polls (POLL-002). */
  pollingPeriod?: string;
  /** Downtime windows, ISO 8601 intervals (POLL-003). */
  downtime?: string[];
  /** Do not start the device yet (the scenario sets hooks first). */
  deferStart?: boolean;
  /**
   * rc.3, feature trust-bundle-api: the device gets no bundle; it fetches one from the mock's trust bundle
   * server, which starts by serving this.
   */
  trustBundle?: (pki: TestPki) => TrustBundleServing;
  /** The capabilities file instead of the profile's default one (feature gateway: a gateway with children). */
  capabilities?: (deviceId: string) => CapabilitiesFile;
}

/** The launch contract's capabilities file; a gateway's also lists the devices behind it. */
export interface CapabilitiesFile {
  properties: Record<string, unknown>;
  labels?: Record<string, unknown>;
  /** Feature gateway: each child's own id segment in `properties.id`; `reachable: false` stages an unreachable child. */
  children?: Array<{ properties: Record<string, unknown>; labels?: Record<string, unknown>; reachable?: boolean }>;
}

export interface Assigned {
  deploymentId: string;
  /** Component names of the deployment, in profile order. */
  components: string[];
}

/** One scenario: a fresh mock WFM and a fresh device under test, wired together. */
export interface Session {
  name: string;
  mock: MockWfm;
  deviceId: string;
  /** Starts the device; `schedule` overrides the session's polling period and downtime (set at the last moment). */
  start(schedule?: Pick<SessionOptions, 'pollingPeriod' | 'downtime'>): Promise<void>;
  /** The engine's client reference once the device is known to it (preview-1: after onboarding). */
  client(): Promise<string>;
  /** Loads the application (once) and assigns its profile to the device, or to `deviceId` (a gateway's child, or `gateway/*`). */
  assign(application: TestApplication, deviceId?: string): Promise<Assigned>;
  /** Stops and starts the device with the same state directory (DS-027). */
  restart(): Promise<void>;
  /**
   * rc.3: renews the device's SVID on disk while it runs (same SPIFFE ID, new key, new validity; ID-021).
   * Returns the SHA-256 fingerprints of the leaf before and after; a LaunchError when the launcher cannot.
   */
  renewSvid(): Promise<{ previous: string; renewed: string }>;
  /** The capabilities the device was given (attached mode: the ones it reported first). */
  capabilities(): CapabilitiesFile;
  /** Writes the capabilities file the device re-reads (CAP-002). */
  writeCapabilities(capabilities: CapabilitiesFile): Promise<void>;
  logs(): string;
  close(): Promise<void>;
}

export interface SessionFactoryOptions {
  edition: Edition;
  deploymentType: DeploymentType;
  pki: TestPki;
  launcher: DeviceLauncher;
  pollIntervalMs: number;
  /** Default capabilities for the device (the file the launch contract names). */
  capabilities: (deviceId: string) => CapabilitiesFile;
  /** How long a wait on the device may take (already scaled by the run's TimeScale). */
  waitMs: number;
  /** Told what each wait of the session awaits, for progress display. */
  onAwait?: (scenario: string, what: string) => void;
  /** Where the session's temp dir (the device's keys) is registered, so an interrupted harness removes it. */
  cleanups?: CleanupRegistry;
  /** The run-wide traffic log: what the device does against the session's mock is the evidence of the scenario. */
  traffic?: RunTraffic;
}

const DEVICE_ID = 'device-1';

export async function createSession(name: string, factory: SessionFactoryOptions, options: SessionOptions = {}): Promise<Session> {
  const { edition, pki } = factory;
  if (factory.cleanups?.closed) throw new Error(`Scenario ${name} not started: the run is being stopped.`);
  const dir = await mkdtemp(join(tmpdir(), 'margo-device-session-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  const releaseDir = factory.cleanups?.add({ what: `device session ${name} temp dir ${dir}`, phase: 'files', run: removeDir, runSync: () => rmSync(dir, { recursive: true, force: true }) }) ?? (() => undefined);
  let mock: MockWfm;
  try {
    mock = await startMockWfm({ edition, pki, ...(options.trustBundle ? { trustBundle: options.trustBundle(pki) } : {}), ...(factory.traffic ? { runTraffic: factory.traffic } : {}) });
  } catch (cause) {
    await removeDir();
    releaseDir();
    throw cause;
  }
  if (factory.onAwait) reportAwaits(mock, name, factory.onAwait);
  const capabilitiesFile = join(dir, 'capabilities.json');
  const writeCapabilities: Session['writeCapabilities'] = (capabilities) => writeFile(capabilitiesFile, `${JSON.stringify(capabilities, null, 2)}\n`);
  const capabilities = (options.capabilities ?? factory.capabilities)(DEVICE_ID);
  await writeCapabilities(capabilities);

  let trust: DeviceTrust;
  let credential: { spiffeId: string } | { certificatePem: string };
  if (edition.api.auth === 'mtls') {
    const svid = await pki.issueClient(DEVICE_ID);
    const { trustBundle } = mock;
    trust = trustBundle
      ? { kind: 'svid-discovery', discoveryUrl: trustBundle.discoveryUrl, discoveryCaPem: trustBundle.caPem, certPem: svid.certPem, keyPem: svid.keyPem }
      : { kind: 'svid', bundlePem: pki.bundlePem, certPem: svid.certPem, keyPem: svid.keyPem };
    credential = { spiffeId: svid.spiffeId };
  } else {
    const certificate = await pki.issueClientCertificate(DEVICE_ID);
    trust = { kind: 'signature', wfmCaPem: pki.bundlePem, certPem: certificate.certPem, keyPem: certificate.keyPem };
    credential = { certificatePem: certificate.certPem };
  }
  mock.operator.acceptClient(credential);

  const settings = {
    edition: edition.id,
    wfmUrl: mock.url,
    deviceId: DEVICE_ID,
    trust,
    pollIntervalMs: factory.pollIntervalMs,
    stateDir: join(dir, 'state'),
    capabilitiesFile,
    ...(options.pollingPeriod ? { pollingPeriod: options.pollingPeriod } : {}),
    ...(options.downtime ? { downtime: options.downtime } : {}),
  };
  let device: LaunchedDevice | undefined;
  const loaded = new Set<string>();
  let current: DeviceLaunchSettings = settings;
  let closing: Promise<void> | undefined;
  const start = async (schedule: Pick<SessionOptions, 'pollingPeriod' | 'downtime'> = {}) => {
    current = { ...current, ...schedule };
    device = await factory.launcher.start(current);
  };
  const client = async () => {
    await mock.traffic.waitUntil(() => mock.operator.clientRef(credential) !== undefined, { timeoutMs: factory.waitMs, what: 'the device onboarding to the WFM' });
    return mock.operator.clientRef(credential) as string;
  };
  const session: Session = {
    name,
    mock,
    deviceId: DEVICE_ID,
    start,
    client,
    async assign(application, deviceId = DEVICE_ID) {
      const ref = await client();
      if (!loaded.has(application.id)) {
        mock.operator.loadPackage(descriptionYaml(edition, factory.deploymentType, application));
        loaded.add(application.id);
      }
      const deploymentId = mock.operator.createDeployment({ client: ref, deviceId, applicationId: application.id, profileId: profileIdOf(application) });
      return { deploymentId, components: application.components.map((c) => c.name) };
    },
    async restart() {
      await device?.stop();
      await start();
    },
    async renewSvid() {
      const { trust: now } = current;
      if (now.kind === 'signature' || !device?.replaceSvid) throw new LaunchError(`Cannot renew the SVID of the device on disk: ${now.kind === 'signature' ? `${edition.id} devices have no SVID` : `the launcher (${factory.launcher.describe()}) cannot replace the device's files`}.`, '');
      const renewed = await pki.issueClient(DEVICE_ID);
      await device.replaceSvid(renewed);
      // A later restart starts the device with the renewed SVID, as a real one would find it on disk.
      current = { ...current, trust: { ...now, certPem: renewed.certPem, keyPem: renewed.keyPem } };
      return { previous: leafFingerprint(now.certPem), renewed: leafFingerprint(renewed.certPem) };
    },
    capabilities: () => capabilities,
    writeCapabilities,
    logs: () => device?.logs() ?? '',
    // Once, whatever fails: the device is stopped before its directory (its keys) goes.
    close: () =>
      (closing ??= (async () => {
        try {
          await device?.stop();
        } finally {
          try {
            await mock.close();
          } finally {
            await removeDir();
            releaseDir();
          }
        }
      })()),
  };
  if (!options.deferStart) {
    try {
      await start();
    } catch (cause) {
      await session.close();
      throw cause;
    }
  }
  return session;
}

/** The SHA-256 fingerprint of a PEM chain's leaf, as a TLS peer certificate reports it. */
function leafFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Wraps the session's waits so each announces what it awaits (progress display only; results are unaffected). */
function reportAwaits(mock: MockWfm, scenario: string, onAwait: (scenario: string, what: string) => void): void {
  const traffic = mock.traffic;
  const { waitFor, waitUntil } = traffic;
  traffic.waitUntil = (predicate, options) => {
    onAwait(scenario, options?.what ?? 'the device');
    return waitUntil(predicate, options);
  };
  traffic.waitFor = (predicate, options) => {
    onAwait(scenario, options?.what ?? 'a request from the device');
    return waitFor(predicate, options);
  };
}
