import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EditionId } from '../../core/catalog/types.js';
import { writeTestPki, type TestPki } from '../../core/identity/index.js';
import { createBoundedLog } from './bounded-log.js';
import { freePort } from './free-port.js';
import { LaunchError, type LaunchedSut, type Launcher } from '../../core/launch/launcher.js';
import type { CleanupRegistry } from '../../core/launch/cleanups.js';
import { processCleanups } from './cleanup-registry.js';
import { PROCESS_GRACE_MS, trackChild } from './process-group.js';

export { stopChild } from './process-group.js';

export interface LocalProcessOptions {
  /** A shell command line (`--sut-command`), or an argv run without a shell. */
  command: string | string[];
  edition: EditionId;
  pki: TestPki;
  /** Reference-WFM faults (`MARGO_FAULTS`), for the self-test. */
  faults?: string[];
  /** How long to wait for the ready line or the TLS port. @default 15000 */
  readyTimeoutMs?: number;
  /** Environment set last, over the `MARGO_*` above (fleet runs drop `MARGO_STATE_DIR` so the state is kept in memory). */
  extraEnv?: NodeJS.ProcessEnv;
  /** Grace between SIGTERM and SIGKILL. @default PROCESS_GRACE_MS (3000, see process-group.ts) */
  stopTimeoutMs?: number;
  /** Where the process group and the temp dir are registered, so an interrupted harness undoes them. @default processCleanups */
  cleanups?: CleanupRegistry;
}

const HOST = '127.0.0.1';

/**
 * Starts a WFM as a local process under the launch contract: PKI files in a private temp dir (keys 0600),
 * `MARGO_*` environment, ready when it prints `{"ready":true,...}` or its TLS port accepts. The process
 * group is stopped (SIGTERM, grace, SIGKILL) on stop and on error, and the group and the temp dir are
 * registered with the cleanup registry, which the CLI drains when it is interrupted.
 */
export function createLocalProcessLauncher(options: LocalProcessOptions): Launcher {
  const shown = Array.isArray(options.command) ? options.command.join(' ') : options.command;
  return {
    describe: () => shown,
    async start() {
      const registry = options.cleanups ?? processCleanups;
      const graceMs = options.stopTimeoutMs ?? PROCESS_GRACE_MS;
      if ((options.cleanups ?? processCleanups).closed) throw new LaunchError(`Not started: the run is being stopped.`, '');
      const dir = await mkdtemp(join(tmpdir(), 'margo-wfm-'));
      const releaseDir = registry.add({ what: `WFM temp dir ${dir}`, phase: 'files', run: () => rm(dir, { recursive: true, force: true }), runSync: () => rmSync(dir, { recursive: true, force: true }) });
      let files: Awaited<ReturnType<typeof writeTestPki>>;
      let ports: { api: number; control: number };
      try {
        // The reference WFM's serves-client-svid fault serves a device-shaped SVID of the same trust domain (ID-007).
        const other: Record<string, { certPem: string; keyPem: string }> = options.faults?.includes('serves-client-svid') ? { 'other-principal': await options.pki.issueWfm({ wrongPath: true }) } : {};
        files = await writeTestPki(options.pki, join(dir, 'pki'), other);
        ports = { api: await freePort(), control: await freePort() };
      } catch (cause) {
        await rm(dir, { recursive: true, force: true });
        releaseDir();
        throw cause;
      }
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        MARGO_EDITION: options.edition,
        MARGO_WFM_HOST: HOST,
        MARGO_WFM_PORT: String(ports.api),
        MARGO_CONTROL_PORT: String(ports.control),
        MARGO_TLS_CERT: files['wfm.pem'],
        MARGO_TLS_KEY: files['wfm.key'],
        MARGO_TRUST_BUNDLE: files['ca.pem'],
        MARGO_TRUST_DOMAIN: options.pki.trustDomain,
        MARGO_WFM_ID: options.pki.wfmId,
        MARGO_STATE_DIR: join(dir, 'state'),
        MARGO_FAULTS: (options.faults ?? []).join(','),
        ...(files['other-principal.pem'] && files['other-principal.key'] ? { MARGO_TLS_OTHER_CERT: files['other-principal.pem'], MARGO_TLS_OTHER_KEY: files['other-principal.key'] } : {}),
        ...options.extraEnv,
      };
      const log = createBoundedLog();
      let current: Started | undefined;
      const cleanup = async () => {
        try {
          if (current) await current.stop();
          current = undefined;
        } finally {
          await rm(dir, { recursive: true, force: true });
          releaseDir();
        }
      };
      const launch = async () => {
        current = await startChild({ command: options.command, env, log, port: ports.api, timeoutMs: options.readyTimeoutMs ?? 15_000, registry, graceMs });
        return current;
      };
      try {
        const first = await launch();
        return {
          url: first.url,
          controlUrl: first.controlUrl ?? `http://${HOST}:${ports.control}/control/v1`,
          logs: () => log.text(),
          async restart() {
            if (current) await current.stop();
            await launch();
          },
          stop: cleanup,
        } satisfies LaunchedSut;
      } catch (cause) {
        await cleanup();
        throw cause;
      }
    },
  };
}

interface Started {
  child: ChildProcess;
  stop(): Promise<void>;
  url: string;
  controlUrl?: string;
}

async function startChild(options: { command: string | string[]; env: NodeJS.ProcessEnv; log: ReturnType<typeof createBoundedLog>; port: number; timeoutMs: number; registry: CleanupRegistry; graceMs: number }): Promise<Started> {
  const { command, log } = options;
  const child = Array.isArray(command)
    ? spawn(command[0] as string, command.slice(1), { env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(command, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: true });
  const stop = trackChild(child, options.registry, `WFM ${Array.isArray(command) ? command.join(' ') : command}`, options.graceMs);
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => log.append(chunk));
  const what = `${Array.isArray(command) ? command.join(' ') : command}: a {"ready":true} line on stdout or TLS on ${HOST}:${options.port}`;
  return new Promise<Started>((resolve, reject) => {
    let buffered = '';
    let done = false;
    const finish = (result: Started | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      if (result instanceof Error) {
        void stop().then(() => reject(result));
      } else resolve(result);
    };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log.append(chunk);
      buffered += chunk;
      for (let cut = buffered.indexOf('\n'); cut >= 0; cut = buffered.indexOf('\n')) {
        const line = buffered.slice(0, cut).trim();
        buffered = buffered.slice(cut + 1);
        const ready = readyLine(line);
        if (ready) finish({ child, stop, ...ready });
      }
    });
    child.once('error', (cause) => finish(new LaunchError(`Cannot start ${what.split(':')[0]}: ${cause.message}`, log.text(), { cause })));
    child.once('exit', (code, signal) => finish(new LaunchError(`The system under test exited (${signal ?? `code ${code}`}) before it was ready; awaited ${what}. Its output:\n${log.text()}`, log.text())));
    const timer = setTimeout(() => finish(new LaunchError(`The system under test was not ready after ${options.timeoutMs} ms; awaited ${what}. Its output:\n${log.text()}`, log.text())), options.timeoutMs);
    const poll = setInterval(() => {
      const socket = connect({ host: HOST, port: options.port }, () => {
        socket.destroy();
        // A port that accepts before the ready line: give the line a moment, then go with the port.
        setTimeout(() => finish({ child, stop, url: `https://${HOST}:${options.port}` }), 200);
      });
      socket.once('error', () => socket.destroy());
    }, 100);
  });
}

function readyLine(line: string): { url: string; controlUrl?: string } | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as { ready?: unknown; url?: unknown; controlUrl?: unknown };
    if (parsed.ready !== true || typeof parsed.url !== 'string') return undefined;
    return { url: parsed.url, ...(typeof parsed.controlUrl === 'string' ? { controlUrl: parsed.controlUrl } : {}) };
  } catch {
    return undefined;
  }
}
