import type { Finding } from '../../../core/results/model.js';
import { ATTACHED_REASON, type DeviceContext } from '../context.js';
import type { Session, SessionOptions } from '../session.js';
import { guarded, skip } from './findings.js';

/** Runs a scenario in its own session and always closes it. */
export async function withSession<T>(context: DeviceContext, name: string, body: (session: Session) => Promise<T>, options?: SessionOptions): Promise<T> {
  const session = await context.newSession(name, options);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

/** Waits until the device is in its steady loop: known to the WFM and past its first manifest poll. */
export async function steady(session: Session, timeoutMs: number): Promise<string> {
  const client = await session.client();
  await session.mock.traffic.waitFor((e) => e.route === 'deployments' && e.response?.status === 200, { timeoutMs, what: 'a first manifest poll answered 200' });
  return client;
}

/**
 * A scenario that starts the device with settings of its own (a capabilities file, trust settings):
 * skipped for a device started by hand, and set-up trouble makes its requirements undecided.
 */
export function configuredScenario(context: DeviceContext, requirements: string[], name: string, options: SessionOptions, body: (session: Session) => Promise<Finding[]>): Promise<Finding[]> | Finding[] {
  if (!context.canRestart) return skip(requirements, `Not decided: ${ATTACHED_REASON}.`);
  return guarded(requirements, () => withSession(context, name, body, options));
}
