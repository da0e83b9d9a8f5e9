/**
 * One thing the harness must undo before it exits: a process group to stop, containers to remove, a
 * temporary directory (keys included) to delete. The app drains these on exit and on SIGINT/SIGTERM.
 */
export interface Cleanup {
  /** What it undoes, for the line printed when it did not finish in time (`device process 1234`). */
  what: string;
  /** Processes and containers are stopped before files are removed: a running process may still write into its directory. */
  phase: 'process' | 'files';
  run(): Promise<void>;
  /**
   * The blocking last resort, for the process's 'exit' event and for a drain whose bound expired: SIGKILL,
   * rmSync. It must not wait for I/O events.
   */
  runSync?(): void;
}

/** Where launchers and sessions register their cleanups; returns the release to call once they undid it themselves. */
export interface CleanupRegistry {
  add(cleanup: Cleanup): () => void;
  /** True once the app began undoing everything (interrupted, or the run is over): start nothing new then. */
  readonly closed: boolean;
}
