import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromPackageRoot } from '../../../core/package-root.js';
import type { RunResults } from '../../../core/results/model.js';
import { groupMembers } from '../../launch/process-group.js';

/** The compiled CLI these tests run as a user would (a child process they can signal). */
export const CLI = fromPackageRoot('dist', 'harness', 'cli', 'bin.js');
export const HOSTILE = (name: string) => fromPackageRoot('fixtures', 'hostile', name);

// The sources whose compiled form decides teardown; a dist/ older than any of them tests old code.
const TEARDOWN_SOURCES = ['harness/cli/bin.ts', 'harness/cli/interrupt-handling.ts', 'harness/launch/process-group.ts', 'harness/launch/cleanup-registry.ts', 'harness/launch/device-process.ts', 'harness/launch/local-process.ts', 'suites/device-api/session.ts'];

/** Empty when dist/ holds the current teardown code; else one line saying what to rebuild. */
export function staleDist(): string {
  const stale = TEARDOWN_SOURCES.filter((source) => {
    const compiled = fromPackageRoot('dist', source.replace(/\.ts$/, '.js'));
    return !existsSync(compiled) || statSync(compiled).mtimeMs < statSync(fromPackageRoot(source)).mtimeMs;
  });
  return stale.length ? `dist/ is older than ${stale.join(', ')}; run npx tsc -p tsconfig.build.json` : '';
}

/** A CLI child with a private TMPDIR and a pid file the hostile devices write to. */
export interface CliRun {
  child: ChildProcess;
  /** Resolves with the exit status (or the signal) once the CLI exited. */
  exited: Promise<{ status: number | null; signal: NodeJS.Signals | null; ms: number }>;
  stdout(): string;
  stderr(): string;
  /** The private TMPDIR's `margo-*` entries now. */
  leftTempDirs(): string[];
  /** Pids the hostile devices recorded (each device process and helper appends its own). */
  recordedPids(): number[];
  /** Pids the hostile devices recorded that are still running (zombies excluded). */
  alivePids(): number[];
  /** Process groups the CLI started that still have running members. */
  aliveGroups(): number[];
  /** TCP ports the CLI or the processes it started listened on while it ran. */
  seenPorts(): number[];
  results(): RunResults;
  dispose(): Promise<void>;
}

export async function startCli(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliRun> {
  const root = await mkdtemp(join(tmpdir(), 'hostile-run-'));
  const privateTmp = join(root, 'tmp');
  await mkdir(privateTmp);
  const pidFile = join(root, 'pids');
  await writeFile(pidFile, '');
  const began = Date.now();
  const child = spawn(process.execPath, [CLI, ...args, '--out', join(root, 'out')], {
    env: { ...process.env, ...options.env, TMPDIR: privateTmp, HOSTILE_PID_FILE: pidFile, MARGO_CONFORMANCE_DEBUG: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.once('close', (status, signal) => resolve({ status, signal, ms: Date.now() - began })),
  );
  const watched = watchCli(child.pid as number);
  void exited.then(() => watched.stop());
  const pids = () => readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    leftTempDirs: () => readdirSync(privateTmp).filter((name) => name.startsWith('margo-')).sort(),
    recordedPids: pids,
    alivePids: () => pids().filter((pid) => isRunning(pid)),
    aliveGroups: () => [...watched.groups].filter((pgid) => groupMembers(pgid).length > 0).sort((a, b) => a - b),
    seenPorts: () => [...watched.ports].sort((a, b) => a - b),
    results: () => JSON.parse(out) as RunResults,
    async dispose() {
      // Whatever a failed assertion left: kill it so the next test starts clean.
      for (const pid of pids()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone.
        }
      }
      watched.stop();
      child.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Running (not a zombie): /proc state, or signal 0 where there is no /proc. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * Watches, while the CLI runs, the process groups its children lead (the launchers start each device and
 * WFM as a group leader) and the TCP ports the CLI and those groups listen on: once the CLI is dead, its
 * children are no longer its children, so they must be seen alive.
 */
function watchCli(pid: number): { groups: Set<number>; ports: Set<number>; stop(): void } {
  const groups = new Set<number>();
  const ports = new Set<number>();
  const look = () => {
    const owners = new Set<number>([pid]);
    for (const name of safeReaddir('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(ppid) === pid && Number(pgrp) === Number(name)) groups.add(Number(name));
        if (groups.has(Number(pgrp))) owners.add(Number(name));
      } catch {
        // Gone.
      }
    }
    const inodes = new Set<string>();
    for (const owner of owners) {
      for (const fd of safeReaddir(`/proc/${owner}/fd`)) {
        try {
          const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${owner}/fd/${fd}`));
          if (match?.[1]) inodes.add(match[1]);
        } catch {
          // Closed.
        }
      }
    }
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text = '';
      try {
        text = readFileSync(table, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        // local_address is HEX_IP:HEX_PORT, st 0A is LISTEN, field 9 the inode.
        if (fields[3] === '0A' && fields[9] && inodes.has(fields[9])) ports.add(parseInt(fields[1]?.split(':')[1] ?? '0', 16));
      }
    }
  };
  const timer = setInterval(look, 100);
  return { groups, ports, stop: () => clearInterval(timer) };
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Whether something listens on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
