import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import type { Assigned, Session } from '../session.js';
import { fail, undecided } from './findings.js';
import { requestLine, statusReports, waitForPolls, waitForState } from './observations.js';

/** Manifest polls the device gets to show it refused something: enough cycles to have applied it. */
export const REFUSAL_POLLS = 3;

export interface RefusalOptions {
  requirement: string;
  /** What the scenario served, for messages: "a tampered deployment YAML". */
  served: string;
  fix: string;
}

/**
 * Judges a deployment the device must not apply while the scenario's hooks are set: over the next
 * REFUSAL_POLLS manifest polls it is never reported installing or installed. Then the hooks are cleared
 * and the device must install it (the control that shows the refusal was the device's choice); a device
 * that does not leaves the requirement undecided.
 */
export async function expectRefusal(context: DeviceContext, session: Session, deployment: Assigned, options: RefusalOptions): Promise<Finding[]> {
  const { traffic } = session.mock;
  const since = traffic.mark();
  await waitForPolls(traffic, REFUSAL_POLLS, { since, timeoutMs: context.waitMs });
  const applied = statusReports(traffic, context.edition, deployment.deploymentId, since).find((r) => r.state === 'installing' || r.state === 'installed');
  if (applied) {
    return [fail(options.requirement, `${requestLine(applied.exchange)} reports deployment ${deployment.deploymentId} ${applied.state} after the WFM served ${options.served} (${options.requirement}). ${options.fix}`, applied.exchange)];
  }
  session.mock.setHooks({});
  try {
    await waitForState(traffic, context.edition, deployment.deploymentId, 'installed', { since: traffic.mark(), timeoutMs: context.waitMs });
  } catch {
    return undecided([options.requirement], `The device refused ${options.served} but did not install deployment ${deployment.deploymentId} once it was served correctly either, so the refusal could not be told apart from a device that installs nothing.`);
  }
  return [];
}
