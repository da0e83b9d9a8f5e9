import { spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { CleanupRegistry } from '../../core/launch/cleanups.js';
import { engineRequest, type EngineEndpoint } from './container-engine.js';

/** Every container the harness starts carries this label; its value is the run id. */
export const RUN_LABEL = 'org.margo.conformance.run';
/** `<host>/<pid>/<process start>` of the harness that started the container, to find orphans. */
export const OWNER_LABEL = 'org.margo.conformance.owner';

/** The harness process that owns a run. `start` tells a live owner from a reused PID. */
export interface RunOwner {
  host: string;
  pid: number;
  /** Process start time in clock ticks since boot (`/proc/<pid>/stat` field 22); empty where unknown. */
  start: string;
}

export function formatOwner(owner: RunOwner): string {
  return `${owner.host}/${owner.pid}/${owner.start}`;
}

export function parseOwner(value: string | undefined): RunOwner | undefined {
  const match = /^(.+)\/(\d+)\/(\d*)$/.exec(value ?? '');
  return match?.[1] && match[2] ? { host: match[1], pid: Number(match[2]), start: match[3] ?? '' } : undefined;
}

/** The start time of a process, or undefined when it does not exist. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses; the fields after the last ")" are fixed.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    try {
      process.kill(pid, 0);
      return ''; // Alive, start unknown (no /proc, e.g. macOS).
    } catch (cause) {
      return (cause as NodeJS.ErrnoException).code === 'EPERM' ? '' : undefined;
    }
  }
}

export function currentOwner(): RunOwner {
  return { host: ownerHost(), pid: process.pid, start: processStart(process.pid) ?? '' };
}

/**
 * The host as owners name it: the host name and, on Linux, the PID namespace. A PID means something only in
 * its namespace: the suite's image run with --network host has the host's name but its own PIDs, and must
 * not take the host's runs (or another container's) for dead ones.
 */
export function ownerHost(): string {
  try {
    return `${hostname()} ${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return hostname();
  }
}

export interface LabelledContainer {
  id: string;
  labels: Readonly<Record<string, string>>;
}

/**
 * Containers of earlier runs whose harness is gone: same host, and the owner PID is dead or now belongs
 * to a process started at another time. Containers of other hosts sharing the engine, or without a
 * readable owner, are left alone: we cannot tell whether their run is alive.
 */
export function selectLeftovers(containers: readonly LabelledContainer[], probe: { host: string; processStart(pid: number): string | undefined }): string[] {
  return containers
    .filter((container) => {
      const owner = parseOwner(container.labels[OWNER_LABEL]);
      if (!owner || owner.host !== probe.host) return false;
      const start = probe.processStart(owner.pid);
      if (start === undefined) return true;
      return start !== '' && owner.start !== '' && start !== owner.start;
    })
    .map((container) => container.id)
    .sort();
}

/** Containers carrying `label` (or `label=value`), running or not. */
export async function listLabelled(engine: EngineEndpoint, label: string): Promise<LabelledContainer[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  const answer = await engineRequest(engine, { path: `/containers/json?all=1&filters=${filters}` });
  if (answer.status !== 200) throw new Error(`The container engine at ${engine.display} answered ${answer.status} when listing containers: ${answer.body.trim().slice(0, 200)}`);
  return (JSON.parse(answer.body) as Array<{ Id: string; Labels?: Record<string, string> | null }>).map((c) => ({ id: c.Id, labels: c.Labels ?? {} }));
}

/** Force-removes containers (and their anonymous volumes); already gone is fine. */
export async function removeContainers(engine: EngineEndpoint, ids: readonly string[]): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const answer = await engineRequest(engine, { method: 'DELETE', path: `/containers/${id}?force=1&v=1`, timeoutMs: 20_000 });
      if (answer.status >= 300 && answer.status !== 404 && answer.status !== 409) {
        throw new Error(`The container engine at ${engine.display} answered ${answer.status} when removing container ${id.slice(0, 12)}: ${answer.body.trim().slice(0, 200)}`);
      }
    }),
  );
}

/** Removes the containers of earlier runs whose harness died (see selectLeftovers). Returns their ids. */
export async function removeLeftovers(engine: EngineEndpoint): Promise<string[]> {
  const leftovers = selectLeftovers(await listLabelled(engine, RUN_LABEL), { host: ownerHost(), processStart });
  await removeContainers(engine, leftovers);
  return leftovers;
}

/** Removes every container of one run. */
export async function removeRunContainers(engine: EngineEndpoint, runId: string): Promise<void> {
  await removeContainers(engine, (await listLabelled(engine, `${RUN_LABEL}=${runId}`)).map((c) => c.id));
}

// Runs in a child node process so that an 'exit' handler, which cannot wait for I/O, can still remove
// the run's containers: spawnSync blocks until the child has asked the engine to remove them.
const REMOVE_SCRIPT = `
const http = require('node:http');
const { engine, label } = JSON.parse(process.argv[1]);
const target = engine.socketPath ? { socketPath: engine.socketPath } : { host: engine.host, port: engine.port };
const call = (method, path) => new Promise((resolve, reject) => {
  const req = http.request({ ...target, method, path, agent: false, headers: { host: 'docker' } }, (res) => {
    let body = ''; res.setEncoding('utf8').on('data', (c) => { body += c; }).on('end', () => resolve(body));
  });
  req.on('error', reject); req.end();
});
(async () => {
  const list = JSON.parse(await call('GET', '/containers/json?all=1&filters=' + encodeURIComponent(JSON.stringify({ label: [label] }))));
  await Promise.all(list.map((c) => call('DELETE', '/containers/' + c.Id + '?force=1&v=1')));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/** Blocking variant of removeRunContainers for exit and signal handlers. */
export function removeRunContainersSync(engine: EngineEndpoint, runId: string, timeoutMs = 20_000): void {
  spawnSync(process.execPath, ['-e', REMOVE_SCRIPT, JSON.stringify({ engine, label: `${RUN_LABEL}=${runId}` })], { stdio: 'ignore', timeout: timeoutMs });
}

/**
 * Grace a container gets between SIGTERM and SIGKILL when the run ends or is interrupted, in seconds (the
 * engine's `stop?t=`). Longer than a local process's 3 s: the engine relays the signal through its shim,
 * and a container's process may run as PID 1, which gets no default SIGTERM handler.
 */
export const CONTAINER_GRACE_SECONDS = 5;

/** Stops every container of one run (SIGTERM, grace, SIGKILL by the engine), then removes them. */
export async function stopRunContainers(engine: EngineEndpoint, runId: string, graceSeconds = CONTAINER_GRACE_SECONDS): Promise<void> {
  const ids = (await listLabelled(engine, `${RUN_LABEL}=${runId}`)).map((c) => c.id);
  await Promise.all(ids.map((id) => engineRequest(engine, { method: 'POST', path: `/containers/${id}/stop?t=${graceSeconds}`, timeoutMs: graceSeconds * 1000 + 10_000 }).catch(() => undefined)));
  await removeContainers(engine, ids);
}

/**
 * Registers a run's containers with the cleanup registry, so an interrupted harness stops and removes
 * them (and, at the 'exit' event, force-removes them blocking). Returns the release, called once the run
 * removed its containers itself.
 */
export function guardRun(engine: EngineEndpoint, runId: string, registry: CleanupRegistry): () => void {
  return registry.add({
    what: `containers of run ${runId} (label ${RUN_LABEL}=${runId})`,
    phase: 'process',
    run: () => stopRunContainers(engine, runId),
    runSync: () => removeRunContainersSync(engine, runId),
  });
}
