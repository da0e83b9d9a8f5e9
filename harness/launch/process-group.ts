import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { CleanupRegistry } from '../../core/launch/cleanups.js';

/**
 * Grace between SIGTERM and SIGKILL for a local process. The reference WFM and device close their servers
 * and exit within about 100 ms of SIGTERM; 3 s is thirty times that, room for a machine whose cores are
 * busy, and keeps the teardown of a run's parallel scenarios (they stop side by side) under 5 s.
 */
export const PROCESS_GRACE_MS = 3000;
/** After SIGKILL the kernel ends the group at once; this bound only covers a process stuck in the kernel (D state). */
const KILL_WAIT_MS = 2000;
const POLL_MS = 25;

/**
 * Members of a process group that are still running (zombies, already dead, are left out: their parent
 * reaps them). Reads /proc; where there is none, a signal 0 to the group says whether anyone is left.
 */
export function groupMembers(pgid: number): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 2 (comm) may hold spaces and parentheses; after the last ")" come state, ppid, pgrp.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(name));
    } catch {
      // Gone while we looked.
    }
  }
  return members;
}

/** SIGKILL to the whole group, blocking-safe: for 'exit' handlers and expired bounds. */
export function killGroupSync(pid: number): void {
  signalGroup(pid, 'SIGKILL');
}

/**
 * Stops a child started with `detached: true` (it leads its own process group) and everything it started:
 * SIGTERM to the group, up to `graceMs` for the whole group to end, then SIGKILL to the group, then waits
 * until the group is gone. The child leaving early does not end the wait: a shell that dies on SIGTERM
 * may leave behind the device it started, which ignores it.
 */
export async function stopChild(child: ChildProcess, graceMs: number = PROCESS_GRACE_MS): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const childGone = () => child.exitCode !== null || child.signalCode !== null;
  const gone = () => childGone() && groupMembers(pid).length === 0;
  if (gone()) return;
  signalGroup(pid, 'SIGTERM');
  if (!(await waitUntil(gone, graceMs))) {
    signalGroup(pid, 'SIGKILL');
    await waitUntil(gone, KILL_WAIT_MS);
  }
  await Promise.race([exited, sleep(KILL_WAIT_MS)]);
}

/**
 * Registers a child's process group with the registry so an interrupted run stops it; the registration
 * is released when the child's group is stopped through `stop`. Returns that stop.
 */
export function trackChild(child: ChildProcess, registry: CleanupRegistry, what: string, graceMs: number = PROCESS_GRACE_MS): () => Promise<void> {
  const pid = child.pid;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopChild(child, graceMs).finally(() => release()));
  const release = registry.add({
    what: `${what} (process group ${pid ?? '?'})`,
    phase: 'process',
    run: stop,
    runSync: () => {
      if (pid !== undefined) killGroupSync(pid);
    },
  });
  return stop;
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

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
