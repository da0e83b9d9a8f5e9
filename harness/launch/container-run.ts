import { randomBytes } from 'node:crypto';
import { currentOwner, guardRun, removeLeftovers, stopRunContainers, type RunOwner } from './container-cleanup.js';
import { EngineError, preflightEngine, type EngineEndpoint } from './container-engine.js';
import type { CleanupRegistry } from '../../core/launch/cleanups.js';
import { LaunchError } from '../../core/launch/launcher.js';
import { processCleanups } from './cleanup-registry.js';

/** One harness run's containers: their label, their owner, and their cleanup. */
export interface ContainerRun {
  engine: EngineEndpoint;
  runId: string;
  owner: RunOwner;
  /**
   * Before the first container: the engine answers and the image exists (one-line LaunchError otherwise),
   * leftovers of crashed runs are removed, and the run's containers are registered with the cleanup registry
   * (drained by the CLI on exit, SIGINT and SIGTERM).
   * Runs once; later calls wait for the first.
   */
  prepare(image: string): Promise<void>;
  /** The image's ID (`sha256:...`) once prepare() checked it: the digest of the subject. */
  imageId(image: string): string | undefined;
  /** Removes every container of this run, whatever state it is in. */
  close(): Promise<void>;
}

/** `cleanups`: where the run's containers are registered once the first starts. @default processCleanups */
export function createContainerRun(options: { engine: EngineEndpoint; runId?: string; cleanups?: CleanupRegistry }): ContainerRun {
  const { engine } = options;
  const runId = options.runId ?? randomBytes(6).toString('hex');
  let release: (() => void) | undefined;
  const checked = new Map<string, Promise<Record<string, string>>>();
  const ids = new Map<string, string>();
  let swept: Promise<void> | undefined;
  return {
    engine,
    runId,
    owner: currentOwner(),
    async prepare(image) {
      let check = checked.get(image);
      if (!check) {
        check = preflightEngine({ engine, images: [image] });
        checked.set(image, check);
      }
      try {
        for (const [name, id] of Object.entries(await check)) ids.set(name, id);
      } catch (cause) {
        if (cause instanceof EngineError) throw new LaunchError(cause.message, '', { cause });
        throw cause;
      }
      release ??= guardRun(engine, runId, options.cleanups ?? processCleanups);
      swept ??= removeLeftovers(engine).then(() => undefined);
      await swept;
    },
    imageId: (image) => ids.get(image),
    async close() {
      try {
        await stopRunContainers(engine, runId);
      } finally {
        release?.();
        release = undefined;
      }
    },
  };
}
