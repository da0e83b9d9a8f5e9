import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EditionId } from '../../core/catalog/types.js';
import { writeTestPki, type TestPki } from '../../core/identity/index.js';
import { createBoundedLog } from './bounded-log.js';
import { freePort } from './free-port.js';
import { LaunchError, type LaunchedSut, type Launcher } from '../../core/launch/launcher.js';
import { killOnExit } from './kill-on-exit.js';

export interface LocalProcessOptions {
  /** A shell command line (`--sut-command`), or an argv run without a shell. */
  command: string | string[];
  edition: EditionId;
  pki: TestPki;
  /** Reference-WFM faults (`MARGO_FAULTS`), for the self-test. */
  faults?: string[];
  /** How long to wait for the ready line or the TLS port. @default 15000 */
  readyTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL. @default 3000 */
  stopTimeoutMs?: number;
}

const HOST = '127.0.0.1';

/**
 * Starts a WFM as a local process under the launch contract: PKI files in a private temp dir (keys 0600),
 * `MARGO_*` environment, ready when it prints `{"ready":true,...}` or its TLS port accepts. The process
 * group is killed on stop, on error and when the harness itself is interrupted.
 */
export function createLocalProcessLauncher(options: LocalProcessOptions): Launcher {
  const shown = Array.isArray(options.command) ? options.command.join(' ') : options.command;
  return {
    describe: () => shown,
    async start() {
      const dir = await mkdtemp(join(tmpdir(), 'margo-wfm-'));
      const files = await writeTestPki(options.pki, join(dir, 'pki'));
      const ports = { api: await freePort(), control: await freePort() };
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
      };
      const log = createBoundedLog();
      let current: Started | undefined;
      const cleanup = async () => {
        if (current) await stopChild(current.child, options.stopTimeoutMs ?? 3000);
        current = undefined;
        await rm(dir, { recursive: true, force: true });
      };
      const launch = async () => {
        current = await startChild({ command: options.command, env, log, port: ports.api, timeoutMs: options.readyTimeoutMs ?? 15_000 });
        return current;
      };
      try {
        const first = await launch();
        return {
          url: first.url,
          controlUrl: first.controlUrl ?? `http://${HOST}:${ports.control}/control/v1`,
          logs: () => log.text(),
          async restart() {
            if (current) await stopChild(current.child, options.stopTimeoutMs ?? 3000);
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
  url: string;
  controlUrl?: string;
}

async function startChild(options: { command: string | string[]; env: NodeJS.ProcessEnv; log: ReturnType<typeof createBoundedLog>; port: number; timeoutMs: number }): Promise<Started> {
  const { command, log } = options;
  const child = Array.isArray(command)
    ? spawn(command[0] as string, command.slice(1), { env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(command, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: true });
  const release = killOnExit(child);
  child.once('exit', release);
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
        void stopChild(child, 1000).then(() => reject(result));
      } else resolve(result);
    };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log.append(chunk);
      buffered += chunk;
      for (let cut = buffered.indexOf('\n'); cut >= 0; cut = buffered.indexOf('\n')) {
        const line = buffered.slice(0, cut).trim();
        buffered = buffered.slice(cut + 1);
        const ready = readyLine(line);
        if (ready) finish({ child, ...ready });
      }
    });
    child.once('error', (cause) => finish(new LaunchError(`Cannot start ${what.split(':')[0]}: ${cause.message}`, log.text(), { cause })));
    child.once('exit', (code, signal) => finish(new LaunchError(`The system under test exited (${signal ?? `code ${code}`}) before it was ready; awaited ${what}. Its output:\n${log.text()}`, log.text())));
    const timer = setTimeout(() => finish(new LaunchError(`The system under test was not ready after ${options.timeoutMs} ms; awaited ${what}. Its output:\n${log.text()}`, log.text())), options.timeoutMs);
    const poll = setInterval(() => {
      const socket = connect({ host: HOST, port: options.port }, () => {
        socket.destroy();
        // A port that accepts before the ready line: give the line a moment, then go with the port.
        setTimeout(() => finish({ child, url: `https://${HOST}:${options.port}` }), 200);
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

/** SIGTERM to the child's process group, SIGKILL after the grace period. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
