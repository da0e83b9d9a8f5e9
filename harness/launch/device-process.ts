import { spawn } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createBoundedLog } from './bounded-log.js';
import { deviceTrustFiles, svidRenewalFiles, type DeviceLaunchSettings, type DeviceLauncher, type LaunchedDevice } from '../../core/launch/device-launcher.js';
import type { CleanupRegistry } from '../../core/launch/cleanups.js';
import { LaunchError } from '../../core/launch/launcher.js';
import { processCleanups } from './cleanup-registry.js';
import { PROCESS_GRACE_MS, trackChild } from './process-group.js';

export interface DeviceProcessOptions {
  /** A shell command line (`--sut-command`), or an argv run without a shell. */
  command: string | string[];
  /** Reference-device faults (`MARGO_FAULTS`), for the self-test. */
  faults?: string[];
  /** How long to wait for the ready line. @default 15000 */
  readyTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL. @default PROCESS_GRACE_MS (3000, see process-group.ts) */
  stopTimeoutMs?: number;
  /** Where each device's process group is registered, so an interrupted harness stops it. @default processCleanups */
  cleanups?: CleanupRegistry;
}

/**
 * Starts a device as a local process under the launch contract: trust material as PEM files beside the
 * state directory (keys 0600), `MARGO_*` environment, ready when it prints a `{"ready":true}` line on
 * stdout. The process group (the device and whatever it started) is stopped with SIGTERM, a grace, then
 * SIGKILL on stop and on a failed start, and is registered with the cleanup registry the CLI drains when
 * it is interrupted. The trust files live in the session's directory, which the session removes.
 */
export function createDeviceProcessLauncher(options: DeviceProcessOptions): DeviceLauncher {
  const shown = Array.isArray(options.command) ? options.command.join(' ') : options.command;
  return {
    describe: () => shown,
    async start(settings) {
      if ((options.cleanups ?? processCleanups).closed) throw new LaunchError(`Not started: the run is being stopped.`, '');
      const env = { ...process.env, ...(await deviceEnvironment(settings)), MARGO_FAULTS: (options.faults ?? []).join(',') };
      const log = createBoundedLog();
      const { command } = options;
      const child = Array.isArray(command)
        ? spawn(command[0] as string, command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
        : spawn(command, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: true });
      const stop = trackChild(child, options.cleanups ?? processCleanups, `device ${shown}`, options.stopTimeoutMs ?? PROCESS_GRACE_MS);
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => log.append(chunk));
      const timeoutMs = options.readyTimeoutMs ?? 15_000;
      await new Promise<void>((resolve, reject) => {
        let buffered = '';
        const fail = (message: string, cause?: unknown) => {
          clearTimeout(timer);
          void stop().then(() => reject(new LaunchError(message, log.text(), { cause })));
        };
        const timer = setTimeout(() => fail(`The device under test (${shown}) printed no {"ready":true} line within ${timeoutMs} ms. Its output:\n${log.text()}`), timeoutMs);
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          log.append(chunk);
          buffered += chunk;
          if (buffered.split('\n').some((line) => isReadyLine(line.trim()))) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('error', (cause) => fail(`Cannot start the device under test (${shown}): ${cause.message}`, cause));
        child.once('exit', (code, signal) => fail(`The device under test (${shown}) exited (${signal ?? `code ${code}`}) before it was ready. Its output:\n${log.text()}`));
      });
      const launched: LaunchedDevice = { logs: () => log.text(), stop, replaceSvid: (svid) => replaceSvidFiles(settings, svid) };
      return launched;
    },
  };
}

/**
 * The launch contract as environment variables (reference/device/README.md). Trust files are written
 * next to the state directory, never inside it, so a restart with the same state sees the same files.
 */
export async function deviceEnvironment(settings: DeviceLaunchSettings): Promise<Record<string, string>> {
  const dir = trustDir(settings);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const write = async (name: string, content: string, mode: number) => {
    const path = join(dir, name);
    await writeFile(path, content, { mode });
    return path;
  };
  const credentials: Record<string, string> = {};
  for (const file of deviceTrustFiles(settings)) credentials[file.variable] = await write(file.name, file.content, file.secret ? 0o600 : 0o644);
  return {
    MARGO_EDITION: settings.edition,
    MARGO_WFM_URL: settings.wfmUrl,
    MARGO_DEVICE_ID: settings.deviceId,
    MARGO_POLL_INTERVAL_MS: String(settings.pollIntervalMs),
    MARGO_STATE_DIR: settings.stateDir,
    MARGO_CAPABILITIES: settings.capabilitiesFile,
    ...(settings.pollingPeriod ? { MARGO_POLLING_PERIOD: settings.pollingPeriod } : {}),
    ...(settings.downtime?.length ? { MARGO_DOWNTIME: settings.downtime.join(',') } : {}),
    ...(settings.trust.kind === 'svid-discovery' ? { MARGO_TRUST_DISCOVERY_URL: settings.trust.discoveryUrl } : {}),
    ...credentials,
  };
}

const trustDir = (settings: DeviceLaunchSettings) => join(dirname(settings.stateDir), 'trust');

/** The SVID files of a device's launch (rc.3), where an SVID renewal replaces them. */
export function svidFilePaths(settings: DeviceLaunchSettings): { certFile: string; keyFile: string } {
  const [key, cert] = svidRenewalFiles({ certPem: '', keyPem: '' }).map((file) => join(trustDir(settings), file.name));
  return { certFile: cert as string, keyFile: key as string };
}

/** ID-021: the renewed SVID over the files the device was started with, each by an atomic rename, key first. */
export async function replaceSvidFiles(settings: DeviceLaunchSettings, svid: { certPem: string; keyPem: string }): Promise<void> {
  const dir = trustDir(settings);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const file of svidRenewalFiles(svid)) {
    const path = join(dir, file.name);
    await writeFile(`${path}.renewed`, file.content, { mode: file.secret ? 0o600 : 0o644 });
    await rename(`${path}.renewed`, path);
  }
}

function isReadyLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    return (JSON.parse(line) as { ready?: unknown }).ready === true;
  } catch {
    return false;
  }
}
