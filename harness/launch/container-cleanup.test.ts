import { spawn, type ChildProcess } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OWNER_LABEL, RUN_LABEL, currentOwner, formatOwner, parseOwner, processStart, removeRunContainersSync, selectLeftovers, type LabelledContainer } from './container-cleanup.js';

const owner = (value: string): LabelledContainer['labels'] => ({ [RUN_LABEL]: 'r', [OWNER_LABEL]: value });

describe('selectLeftovers', () => {
  // The probe: on host "ci-1", PID 10 started at tick 500 is alive, everything else is dead.
  const probe = { host: 'ci-1', processStart: (pid: number) => (pid === 10 ? '500' : pid === 20 ? '' : undefined) };
  const rows: Array<{ name: string; labels: LabelledContainer['labels']; leftover: boolean }> = [
    { name: 'keeps a container whose harness is alive', labels: owner('ci-1/10/500'), leftover: false },
    { name: 'removes a container whose harness PID is dead', labels: owner('ci-1/11/500'), leftover: true },
    { name: 'removes a container whose harness PID now belongs to a later process', labels: owner('ci-1/10/499'), leftover: true },
    { name: 'keeps a container of a live PID whose start time cannot be read', labels: owner('ci-1/20/123'), leftover: false },
    { name: 'keeps a container of another host sharing the engine', labels: owner('ci-2/11/500'), leftover: false },
    { name: 'keeps a container without an owner label', labels: { [RUN_LABEL]: 'r' }, leftover: false },
    { name: 'keeps a container with a malformed owner label', labels: owner('ci-1/not-a-pid/1'), leftover: false },
  ];
  it.each(rows)('$name', ({ labels, leftover }) => {
    expect(selectLeftovers([{ id: 'c1', labels }], probe)).toEqual(leftover ? ['c1'] : []);
  });

  it('returns the leftover ids sorted', () => {
    expect(selectLeftovers([{ id: 'b', labels: owner('ci-1/11/1') }, { id: 'a', labels: owner('ci-1/12/1') }, { id: 'c', labels: owner('ci-1/10/500') }], probe)).toEqual(['a', 'b']);
  });
});

describe('run owner', () => {
  it('round-trips through the owner label, with a host name holding slashes', () => {
    expect(parseOwner(formatOwner({ host: 'a/b', pid: 42, start: '777' }))).toEqual({ host: 'a/b', pid: 42, start: '777' });
  });

  it.runIf(process.platform === 'linux')('names the host with its PID namespace, so a harness in a container never judges PIDs it cannot see', () => {
    expect(currentOwner().host).toBe(`${hostname()} ${readlinkSync('/proc/self/ns/pid')}`);
  });

  it('reads the start time of this process and nothing for a PID that does not exist', () => {
    expect({ self: /^\d*$/.test(processStart(process.pid) ?? 'x'), gone: processStart(2 ** 22 + 1) }).toEqual({ self: true, gone: undefined });
  });
});

describe('removeRunContainersSync', () => {
  let engine: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    engine?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // spawnSync blocks this process, so the fake engine runs in a process of its own and logs its calls.
  const FAKE_ENGINE = `
    const http = require('node:http'); const fs = require('node:fs');
    const [socketPath, logPath] = process.argv.slice(1);
    http.createServer((req, res) => {
      fs.appendFileSync(logPath, req.method + ' ' + decodeURIComponent(req.url) + '\\n');
      res.end(req.method === 'GET' ? JSON.stringify([{ Id: 'aaa' }, { Id: 'bbb' }]) : '');
    }).listen(socketPath, () => console.log('listening'));`;

  it('lists the run by its label and force-removes each of its containers before returning', { timeout: 10_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'margo-fake-engine-'));
    const socketPath = join(dir, 'engine.sock');
    const logPath = join(dir, 'calls.log');
    const child = spawn(process.execPath, ['-e', FAKE_ENGINE, socketPath, logPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    engine = child;
    await new Promise((resolve) => child.stdout?.once('data', resolve));
    removeRunContainersSync({ socketPath, display: socketPath }, 'run-1');
    const calls = (await readFile(logPath, 'utf8')).trim().split('\n').sort();
    expect(calls).toEqual([
      'DELETE /containers/aaa?force=1&v=1',
      'DELETE /containers/bbb?force=1&v=1',
      `GET /containers/json?all=1&filters={"label":["${RUN_LABEL}=run-1"]}`,
    ]);
  });
});
