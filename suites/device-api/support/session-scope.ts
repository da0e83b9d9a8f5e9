import type { DeviceContext } from '../context.js';
import type { Session, SessionOptions } from '../session.js';

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
