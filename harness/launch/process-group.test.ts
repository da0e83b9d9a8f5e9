import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createCleanupRegistry } from './cleanup-registry.js';
import { groupMembers, stopChild, trackChild } from './process-group.js';

const IGNORE_TERM = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);";
// The helper says "helper-ready" once its handler is in place; the group counts as started then.
const HELPER = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(`${IGNORE_TERM} console.log('helper-ready');`)}], { stdio: ['ignore', 'inherit', 'ignore'] });`;

/**
 * Each row starts a detached group as the launchers do. A group that stops on SIGTERM gets a grace far
 * longer than any busy machine needs to deliver it, so "the grace was not used up" is not a timing bet.
 */
const groups = [
  { name: 'a process that stops on SIGTERM', argv: ['-e', "console.log('ready'); setInterval(() => {}, 1000);"], graceMs: 20_000, graceUsed: false },
  { name: 'a process that ignores SIGTERM', argv: ['-e', `console.log('ready'); ${IGNORE_TERM}`], graceMs: 500, graceUsed: true },
  { name: 'a leader that exits on SIGTERM and leaves a helper that ignores it', argv: ['-e', `${HELPER} setInterval(() => {}, 1000);`], graceMs: 500, graceUsed: true },
  { name: 'a leader and a helper that both ignore SIGTERM', argv: ['-e', `${HELPER} ${IGNORE_TERM}`], graceMs: 500, graceUsed: true },
];

function startGroup(argv: string[]) {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  let seen = '';
  const ready = new Promise<void>((resolve) => child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (seen += chunk).includes('ready') && resolve()));
  return { child, ready };
}

describe('stopChild', () => {
  it.each(groups)('leaves nothing of $name running, SIGKILL after the grace if needed', { timeout: 60_000 }, async ({ argv, graceMs, graceUsed }) => {
    const { child, ready } = startGroup(argv);
    await ready;
    const pid = child.pid as number;
    const before = groupMembers(pid).length;
    const began = Date.now();
    await stopChild(child, graceMs);
    const waited = Date.now() - began;
    expect({ before: before > 0, after: groupMembers(pid), graceUsed: waited >= graceMs }).toEqual({ before: true, after: [], graceUsed });
  });
});

describe('trackChild', () => {
  it('registers the group until it is stopped, and a drain stops a group that ignores SIGTERM', async () => {
    const registry = createCleanupRegistry();
    const first = startGroup(['-e', `console.log('ready'); ${IGNORE_TERM}`]);
    const second = startGroup(['-e', `console.log('ready'); ${IGNORE_TERM}`]);
    await Promise.all([first.ready, second.ready]);
    const stopFirst = trackChild(first.child, registry, 'first', 300);
    trackChild(second.child, registry, 'second', 300);
    await stopFirst();
    const pendingAfterStop = registry.pending();
    const report = await registry.drain({ timeoutMs: 5000 });
    expect({
      pendingAfterStop,
      report,
      left: [...groupMembers(first.child.pid as number), ...groupMembers(second.child.pid as number)],
      pendingAfterDrain: registry.pending(),
    }).toEqual({ pendingAfterStop: [`second (process group ${second.child.pid})`], report: { unfinished: [] }, left: [], pendingAfterDrain: [] });
  });
});
