import { mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { ContainerLaunchOptions } from './container-launcher.js';
import { containerUser, keyFileMode } from './container-user.js';
import { deviceTrustFiles, svidRenewalFiles, type DeviceLaunchSettings, type DeviceLauncher, type LaunchedDevice } from '../../core/launch/device-launcher.js';
import { startContainer } from './start-container.js';

export interface DeviceContainerOptions extends ContainerLaunchOptions {
  /** Reference-device faults (`MARGO_FAULTS`), for the self-test. */
  faults?: string[];
}

const TRUST_DIR = '/margo/trust';
const CONFIG_DIR = '/margo/config';
const STATE_DIR = '/margo/state';

/**
 * Starts a device image per scenario under the launch contract (reference/device/README.md). Trust
 * material is copied in as files. Two directories are bind-mounted because they must outlive or follow
 * the container: the state directory (a restart is a new container on the same state, DS-027) and the
 * directory of the capabilities file, which the suite rewrites while the device runs (CAP-002). Bind
 * mounts need the engine on this machine, which host networking needs anyway.
 */
export function createDeviceContainerLauncher(options: DeviceContainerOptions): DeviceLauncher {
  return {
    describe: () => options.image,
    async start(settings) {
      await options.run.prepare(options.image);
      await mkdir(settings.stateDir, { recursive: true, mode: 0o700 });
      const user = containerUser(options.user);
      const container = await startContainer({
        engine: options.run.engine,
        image: options.image,
        role: 'device',
        runId: options.run.runId,
        owner: options.run.owner,
        env: { ...deviceContainerEnv(settings), MARGO_FAULTS: (options.faults ?? []).join(','), ...options.env },
        files: containerTrustFiles(settings, keyFileMode(user)),
        bindMounts: [
          { source: settings.stateDir, target: STATE_DIR, mode: 'rw' },
          { source: dirname(settings.capabilitiesFile), target: CONFIG_DIR, mode: 'ro' },
        ],
        ...(user ? { user } : {}),
        // A device has no port to probe: the ready line (or a custom log line) is the only signal.
        readiness: options.readiness?.kind === 'log' ? options.readiness : { kind: 'log' },
        readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
        stopTimeoutMs: options.stopTimeoutMs ?? 5000,
      });
      const keyMode = keyFileMode(user);
      return {
        logs: () => container.logs(),
        stop: () => container.stop(),
        // The engine unpacks each file into place in the running container (ID-021).
        replaceSvid: (svid) => container.copyFiles(svidRenewalFiles(svid).map((file) => ({ target: `${TRUST_DIR}/${file.name}`, content: file.content, mode: file.secret ? keyMode : 0o644 }))),
      } satisfies LaunchedDevice;
    },
  };
}

/** The launch contract's environment with the paths the container sees. */
export function deviceContainerEnv(settings: DeviceLaunchSettings): Record<string, string> {
  const trust = Object.fromEntries(deviceTrustFiles(settings).map((file) => [file.variable, `${TRUST_DIR}/${file.name}`]));
  return {
    MARGO_EDITION: settings.edition,
    MARGO_WFM_URL: settings.wfmUrl,
    MARGO_DEVICE_ID: settings.deviceId,
    MARGO_POLL_INTERVAL_MS: String(settings.pollIntervalMs),
    MARGO_STATE_DIR: STATE_DIR,
    MARGO_CAPABILITIES: `${CONFIG_DIR}/${basename(settings.capabilitiesFile)}`,
    ...(settings.pollingPeriod ? { MARGO_POLLING_PERIOD: settings.pollingPeriod } : {}),
    ...(settings.downtime?.length ? { MARGO_DOWNTIME: settings.downtime.join(',') } : {}),
    ...(settings.trust.kind === 'svid-discovery' ? { MARGO_TRUST_DISCOVERY_URL: settings.trust.discoveryUrl } : {}),
    ...trust,
  };
}

/** The trust files copied into the container; the key's mode depends on the user the container runs as. */
export function containerTrustFiles(settings: DeviceLaunchSettings, keyMode: number): Array<{ target: string; content: string; mode: number }> {
  return deviceTrustFiles(settings).map((file) => ({ target: `${TRUST_DIR}/${file.name}`, content: file.content, mode: file.secret ? keyMode : 0o644 }));
}
