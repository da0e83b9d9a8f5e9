import type { TestPki } from '../../../core/identity/index.js';
import { bundleDocument, WaitTimeoutError, type RecordedExchange, type TrafficLog, type TrustBundleServing, type WfmSocket } from '../../../instruments/mock-wfm/index.js';
import type { Session } from '../session.js';
import { happened } from './findings.js';
import { requestLine } from './observations.js';

/** Connections the device dropped before any request that make a WFM identity refused: it tried, and refused each time. */
const ATTEMPTS = 2;
/**
 * Bundle fetches with no connection at all to a WFM the device should accept that prove it stopped talking
 * to the WFM: counted in its own refresh cycles (each at least the 1 s refresh hint, ten manifest polling
 * intervals of the launch contract), never in wall time.
 */
const SILENT_REFRESHES = 3;

/** The trust bundle server's opening state: the trust domain's real anchor, sequence 1, refresh hint 1 s. */
export const servingAnchors = (anchorsPem: string, sequence = 1): TrustBundleServing => ({ bundle: bundleDocument(anchorsPem, { sequence }) });
export const defaultServing = (pki: TestPki): TrustBundleServing => servingAnchors(pki.bundlePem);

/** A request to the management API (not to the trust bundle server). */
export const isWfmRequest = (exchange: RecordedExchange): boolean => !(exchange.route ?? '').startsWith('trust-');

/** Requests to the trust bundle server on `route` from `since` on. */
export const trustRequests = (traffic: TrafficLog, route: 'trust-discovery' | 'trust-bundle' | 'trust-bundle-http', since = 0): RecordedExchange[] =>
  traffic.exchanges.slice(since).filter((e) => e.route === route);

/** A wait that keeps going while the device does is given up after this many of its idle periods in all. */
const PROGRESS_WAITS = 4;

/**
 * Waits for `done` as long as the device keeps working: it gives up only when the device sent nothing for
 * `idleMs`, or after PROGRESS_WAITS times that in all, so a device that is slow because its machine is
 * busy (each step of a trust bundle bootstrap is a TLS handshake of its own) is waited for and a stalled
 * one is not. Throws WaitTimeoutError, which makes the scenario's rows `error` with what was awaited.
 */
export async function whileProgressing(traffic: TrafficLog, done: () => boolean, options: { idleMs: number; what: string }): Promise<void> {
  const giveUpAt = Date.now() + options.idleMs * PROGRESS_WAITS;
  while (!done()) {
    const seen = traffic.exchanges.length;
    const left = giveUpAt - Date.now();
    if (left <= 0) throw new WaitTimeoutError(`${options.what} did not happen within ${options.idleMs * PROGRESS_WAITS} ms though the device kept sending requests`);
    await traffic.waitUntil(() => done() || traffic.exchanges.length > seen, { timeoutMs: Math.min(options.idleMs, left), what: `${options.what} (the device sent nothing for ${Math.min(options.idleMs, left)} ms)` });
  }
}

/** What a rotation proved the device had: the fetch answered with the new serving, and the device's next fetch after it. */
export interface Rotation {
  served: RecordedExchange;
  next: RecordedExchange;
}

/**
 * Serves `serving` and waits for the device's first bundle fetch answered with it, then for its next bundle
 * fetch after that answer: by then the device has done whatever it does with what it was served, however
 * slowly (the next fetch is the evidence that it had it). A wait that expires throws WaitTimeoutError, which
 * makes the scenario's rows `error` with what was awaited.
 */
export async function rotate(session: Session, serving: TrustBundleServing, timeoutMs: number, what: string): Promise<Rotation> {
  const { traffic } = session.mock;
  const status = serving.bundleStatus ?? 200;
  // The trust bundle server answers and records in one step, so every fetch recorded from here on got `serving`.
  const since = traffic.mark();
  session.mock.trustBundle?.serve(serving);
  const served = await traffic.waitFor((e) => e.route === 'trust-bundle' && e.response?.status === status, { since, timeoutMs, what: `a bundle fetch answered with ${what}` });
  const next = await traffic.waitFor((e) => e.route === 'trust-bundle', { since: served.seq + 1, timeoutMs, what: `the device's next bundle fetch after ${requestLine(served)} answered with ${what}` });
  return { served, next };
}

/**
 * How the device took a WFM identity, judged from its TCP connections to the mock while it was presented:
 * `accepted` (a request on one: the device completed the handshake and went on), `refused` (ATTEMPTS
 * connections it closed without a request: an alert, a reset, or a handshake dropped after its own check),
 * `silent` (no connection at all while it fetched the bundle SILENT_REFRESHES times), `expired` (none of that
 * in time, which proves nothing either way).
 */
export type IdentityVerdict =
  | { verdict: 'accepted'; exchange: RecordedExchange }
  | { verdict: 'refused'; refused: WfmSocket[] }
  | { verdict: 'silent'; refreshes: RecordedExchange[] }
  | { verdict: 'expired'; awaited: string; waitMs: number; since: number };

/**
 * Presents `identity` as the WFM: open connections are closed, so whatever the device does next happens on
 * new connections presenting it, and only those are judged.
 */
export async function presentWfm(session: Session, identity: { name: string; certPem: string; keyPem: string }, timeoutMs: number): Promise<IdentityVerdict> {
  const { mock } = session;
  const { traffic } = mock;
  const socketsBefore = traffic.sockets.length;
  const since = traffic.mark();
  mock.presentIdentity(identity);
  const presenting = () => traffic.sockets.slice(socketsBefore).filter((s) => s.identity === identity.name);
  const accepted = () => {
    for (const socket of presenting()) {
      const exchange = socket.exchanges.map((seq) => traffic.exchanges[seq]).find((e) => e !== undefined && isWfmRequest(e));
      if (exchange) return exchange;
    }
    return undefined;
  };
  const refused = () => presenting().filter((s) => s.closedAt !== undefined && s.requests === 0 && !s.closedByMock);
  const silentRefreshes = () => (presenting().length === 0 ? trustRequests(traffic, 'trust-bundle', since) : []);
  await happened(traffic.waitUntil(() => accepted() !== undefined || refused().length >= ATTEMPTS || silentRefreshes().length >= SILENT_REFRESHES, { timeoutMs, what: `the device's reaction to a WFM presenting ${identity.name}` }));
  const exchange = accepted();
  if (exchange) return { verdict: 'accepted', exchange };
  if (refused().length >= ATTEMPTS) return { verdict: 'refused', refused: refused() };
  if (silentRefreshes().length >= SILENT_REFRESHES) return { verdict: 'silent', refreshes: silentRefreshes() };
  return { verdict: 'expired', awaited: `a management request, ${ATTEMPTS} connections closed without one, or ${SILENT_REFRESHES} bundle fetches, with the WFM presenting ${identity.name}`, waitMs: timeoutMs, since };
}

/** "2 connections the device closed without a request (open 12, 130 ms)", for messages. */
export function refusedLine(refused: readonly WfmSocket[]): string {
  return `${refused.length} connections the device closed without a request (open ${refused.map((s) => Math.round((s.closedAt ?? s.at) - s.at)).join(', ')} ms)`;
}
