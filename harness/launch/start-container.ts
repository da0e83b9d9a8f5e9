import type { StartedTestContainer, WaitStrategy } from 'testcontainers';
import { createBoundedLog } from './bounded-log.js';
import { OWNER_LABEL, RUN_LABEL, formatOwner, type RunOwner } from './container-cleanup.js';
import { engineRequest, type EngineEndpoint } from './container-engine.js';
import { createLineSplitter, followContainerLogs, toSince, type LogFollower, type LogStream } from './container-logs.js';
import { describeReadiness, parseReadyLine, probeOnce, type Readiness } from './container-readiness.js';
import { LaunchError } from '../../core/launch/launcher.js';
import { TESTCONTAINERS_ENV } from './testcontainers-env.js';

export { TESTCONTAINERS_ENV, withTestcontainersEnvironment } from './testcontainers-env.js';

export interface ContainerSpec {
  engine: EngineEndpoint;
  image: string;
  /** `WFM` or `device`, for messages and the role label. */
  role: string;
  runId: string;
  owner: RunOwner;
  env: Record<string, string>;
  /** Files copied into the container before it starts (trust material). */
  files: Array<{ target: string; content: string; mode: number }>;
  bindMounts?: Array<{ source: string; target: string; mode: 'ro' | 'rw' }>;
  /** `uid:gid` to run as; the image's user when absent. */
  user?: string;
  readiness: Readiness;
  readyTimeoutMs: number;
  /** Grace between SIGTERM and SIGKILL on stop and restart. */
  stopTimeoutMs: number;
  /** Characters of output kept as evidence. @default 65536 */
  logLimit?: number;
}

export interface RunningContainer {
  id: string;
  /** The launch contract's ready line of the latest start, when it printed one. */
  readyLine(): Record<string, unknown> | undefined;
  /** stdout and stderr in arrival order, bounded. */
  logs(): string;
  /** Stops (SIGTERM, grace) and starts the same container: same ports, same file system. */
  restart(): Promise<void>;
  /** Copies files into the running container, one after the other (an SVID renewal, ID-021). */
  copyFiles(files: Array<{ target: string; content: string; mode: number }>): Promise<void>;
  /** Stops and removes it. Safe to call twice. */
  stop(): Promise<void>;
}

/** testcontainers' own waiting would not see exits or say what was awaited; ours does both. */
const startedIsEnough: WaitStrategy = {
  waitUntilReady: () => Promise.resolve(),
  withStartupTimeout() {
    return this;
  },
  isStartupTimeoutSet: () => false,
  getStartupTimeout: () => 0,
};

/**
 * Starts one container with testcontainers on the host network, labelled with the run, and waits until it
 * is ready. On any failure the container is removed and a LaunchError carries its output.
 */
export async function startContainer(spec: ContainerSpec): Promise<RunningContainer> {
  const missing = Object.keys(TESTCONTAINERS_ENV).find((name) => process.env[name] === undefined);
  if (missing) {
    throw new LaunchError(`Cannot start the ${spec.role} container: ${missing} is not set; the process that embeds the harness sets TESTCONTAINERS_ENV (harness/launch/start-container.ts) into its environment at startup, as the CLI does.`, '');
  }
  const { GenericContainer } = await import('testcontainers');
  const log = createBoundedLog(spec.logLimit);
  let readyLine: Record<string, unknown> | undefined;
  let container = new GenericContainer(spec.image)
    .withNetworkMode('host')
    .withLabels({ [RUN_LABEL]: spec.runId, [OWNER_LABEL]: formatOwner(spec.owner), 'org.margo.conformance.role': spec.role })
    .withEnvironment(spec.env)
    .withCopyContentToContainer(spec.files)
    .withPullPolicy({ shouldPull: () => false })
    .withWaitStrategy(startedIsEnough);
  if (spec.bindMounts?.length) container = container.withBindMounts(spec.bindMounts);
  if (spec.user) container = container.withUser(spec.user);

  let started: StartedTestContainer;
  try {
    started = await container.start();
  } catch (cause) {
    throw new LaunchError(`Cannot start the ${spec.role} container from ${spec.image}: ${(cause as Error).message}`, '', { cause });
  }
  const id = started.getId();
  const shown = `${spec.role} container ${spec.image} (${id.slice(0, 12)})`;
  let follower: LogFollower | undefined;
  let stopped = false;

  const waitReady = async (since: string | undefined) => {
    readyLine = undefined;
    let matched = false;
    const onLine = (stream: LogStream) => (line: string) => {
      const { readiness } = spec;
      if (readiness.kind !== 'log') return;
      const ready = !readiness.pattern && stream === 'stdout' ? parseReadyLine(line) : undefined;
      if (ready) readyLine = ready;
      if (ready || (readiness.pattern && readiness.pattern.test(line))) matched = true;
    };
    const lines = { stdout: createLineSplitter(onLine('stdout')), stderr: createLineSplitter(onLine('stderr')) };
    follower = followContainerLogs({
      engine: spec.engine,
      id,
      ...(since ? { since } : {}),
      onOutput: (stream, text) => {
        log.append(text);
        lines[stream].push(text);
      },
    });
    let exited = false;
    void follower.ended.then(() => {
      exited = true;
      lines.stdout.flush();
      lines.stderr.flush();
    });
    const deadline = Date.now() + spec.readyTimeoutMs;
    const what = describeReadiness(spec.readiness);
    for (;;) {
      if (matched) return;
      if (spec.readiness.kind !== 'log' && (await probeOnce(spec.readiness, Math.max(50, Math.min(1000, deadline - Date.now()))))) return;
      if (exited) {
        const state = await exitState(spec.engine, id);
        throw new LaunchError(`The ${shown} exited (${state}) before it was ready; awaited ${what}. Its output:\n${log.text()}`, log.text());
      }
      if (Date.now() >= deadline) throw new LaunchError(`The ${shown} was not ready after ${spec.readyTimeoutMs} ms; awaited ${what}. Its output:\n${log.text()}`, log.text());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await started.stop({ timeout: spec.stopTimeoutMs, remove: true });
    } finally {
      // The stream ends with the container; the bound keeps a stuck engine from holding the run.
      await Promise.race([follower?.ended, new Promise((resolve) => setTimeout(resolve, 2000))]);
      follower?.close();
    }
  };

  try {
    await waitReady(undefined);
  } catch (cause) {
    await stop().catch(() => undefined);
    throw cause;
  }
  return {
    id,
    readyLine: () => readyLine,
    logs: () => log.text(),
    async restart() {
      const seconds = Math.max(0, Math.round(spec.stopTimeoutMs / 1000));
      const answer = await engineRequest(spec.engine, { method: 'POST', path: `/containers/${id}/restart?t=${seconds}`, timeoutMs: spec.stopTimeoutMs + 10_000 });
      if (answer.status >= 300) throw new LaunchError(`Cannot restart the ${shown}: the engine answered ${answer.status} ${answer.body.trim()}`, log.text());
      await Promise.race([follower?.ended, new Promise((resolve) => setTimeout(resolve, 2000))]);
      follower?.close();
      // Only output of the new start counts for readiness: follow from its exact start time.
      await waitReady(await startedAtSeconds(spec.engine, id));
    },
    async copyFiles(files) {
      for (const file of files) await started.copyContentToContainer([file]);
    },
    stop,
  };
}

async function inspect(engine: EngineEndpoint, id: string): Promise<{ State?: { ExitCode?: number; OOMKilled?: boolean; StartedAt?: string; Error?: string } }> {
  const answer = await engineRequest(engine, { path: `/containers/${id}/json` });
  return answer.status === 200 ? (JSON.parse(answer.body) as { State?: { ExitCode?: number } }) : {};
}

async function exitState(engine: EngineEndpoint, id: string): Promise<string> {
  const state = (await inspect(engine, id)).State;
  if (!state) return 'removed';
  if (state.OOMKilled) return 'out of memory';
  return `code ${state.ExitCode ?? '?'}${state.Error ? `: ${state.Error}` : ''}`;
}

async function startedAtSeconds(engine: EngineEndpoint, id: string): Promise<string | undefined> {
  const startedAt = (await inspect(engine, id)).State?.StartedAt;
  return startedAt ? toSince(startedAt) : undefined;
}
