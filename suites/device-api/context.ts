import type { Edition } from '../../core/catalog/editions.js';
import type { TestPki } from '../../core/identity/index.js';
import type { Check } from '../../core/runner/check.js';
import type { TimeScale } from '../../core/runner/time-scale.js';
import type { Assigned, Session, SessionOptions } from './session.js';

/** Why a scenario that restarts or reconfigures the device is skipped in attached mode (`--mock-wfm-port`). */
export const ATTACHED_REASON = 'the device was started by hand (--mock-wfm-port); restart and configuration changes need --sut-command or --sut-image';

/** The kind of workload a device profile deploys; the profile's data names it. */
export type DeploymentType = 'helm' | 'compose' | 'custom';

/** What every device check gets: the edition, the profile's deployment type and fresh sessions. */
export interface DeviceContext {
  edition: Edition;
  deploymentType: DeploymentType;
  /** A fresh mock WFM and a fresh device (new state directory) for one scenario. Close it when done. */
  newSession(name: string, options?: SessionOptions): Promise<Session>;
  /** The shared baseline session (one three-component assignment, installed, polls after it), run once per run. */
  baseline(): Promise<Baseline>;
  /** How long one wait on the device may take: the base 6000 ms times `timeScale`. */
  waitMs: number;
  /** The run's deadline scale; derive any other deadline from it (`timeScale.ms(base)`), never a fixed number. */
  timeScale: TimeScale;
  /** The polling interval the device was configured with. */
  pollIntervalMs: number;
  /** The run's test PKI: the mock's identities, defective ones included. */
  pki: TestPki;
  /**
   * Whether the harness starts the device, so it can restart it with its state kept and start it with other
   * settings (polling period, downtime, capabilities file). False for a device started by hand.
   */
  canRestart: boolean;
  /** Requirements this run decides. */
  scope: ReadonlySet<string>;
}

export type DeviceCheck = Check<DeviceContext>;

export interface Baseline {
  session: Session;
  deployment: Assigned;
}
