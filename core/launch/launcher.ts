/** A running system under test, however it was started. */
export interface LaunchedSut {
  /** `https://host:port` of the management API. */
  url: string;
  /** Base URL of its control adapter, when it has one. */
  controlUrl?: string;
  /** Captured output (bounded), for the report when something goes wrong. */
  logs(): string;
  /** Stops and starts it again with the same ports and state, for restart requirements (DS-011). */
  restart?(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a system under test under the launch contract: a local process or a container. */
export interface Launcher {
  /** What is launched, for the report's subject. */
  describe(): string;
  start(): Promise<LaunchedSut>;
}

/** The subject did not come up: what was awaited, for how long, and its last output. */
export class LaunchError extends Error {
  readonly logs: string;
  constructor(message: string, logs: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LaunchError';
    this.logs = logs;
  }
}
