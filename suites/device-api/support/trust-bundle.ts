import type { TestPki } from '../../../core/identity/index.js';
import { bundleDocument, type RecordedExchange, type TrafficLog, type TrustBundleServing } from '../../../instruments/mock-wfm/index.js';
import type { Session } from '../session.js';

/** Refused connections to watch before a WFM identity counts as refused: the device tried, and was stopped each time. */
const ATTEMPTS = 2;

/** The trust bundle server's opening state: the trust domain's real anchor, sequence 1, refresh hint 1 s. */
export const servingAnchors = (anchorsPem: string, sequence = 1): TrustBundleServing => ({ bundle: bundleDocument(anchorsPem, { sequence }) });
export const defaultServing = (pki: TestPki): TrustBundleServing => servingAnchors(pki.bundlePem);

/** A request to the management API (not to the trust bundle server). */
export const isWfmRequest = (exchange: RecordedExchange): boolean => !(exchange.route ?? '').startsWith('trust-');

/** Requests to the trust bundle server on `route` from `since` on. */
export const trustRequests = (traffic: TrafficLog, route: 'trust-discovery' | 'trust-bundle' | 'trust-bundle-http', since = 0): RecordedExchange[] =>
  traffic.exchanges.slice(since).filter((e) => e.route === route);

/** Waits until the device fetched the bundle at least once more from `since` on, answered as `status`. */
export function bundleFetched(traffic: TrafficLog, since: number, timeoutMs: number, status = 200): Promise<RecordedExchange> {
  return traffic.waitFor((e) => e.route === 'trust-bundle' && e.response?.status === status, { since, timeoutMs, what: `a bundle fetch answered ${status}` });
}

/**
 * Waits until the device fetched the bundle (answered `status`) and then began its next refresh with a
 * discovery request: by then it has done whatever it does with that bundle, however slowly it stores it.
 */
export async function bundleHandled(traffic: TrafficLog, since: number, timeoutMs: number, status = 200): Promise<RecordedExchange> {
  const fetched = await bundleFetched(traffic, since, timeoutMs, status);
  await traffic.waitFor((e) => e.route === 'trust-discovery', { since: fetched.seq + 1, timeoutMs, what: 'the next refresh after the bundle fetch' });
  return fetched;
}

/**
 * `refused`: the device connected ATTEMPTS times and sent nothing (traffic that proves a refusal);
 * `expired`: neither happened in time, which proves nothing either way (the check reports `error`).
 */
export type IdentityVerdict = { accepted: true; exchange: RecordedExchange } | { accepted: false; refused: true } | { accepted: false; refused: false; awaited: string; waitMs: number };

/**
 * Presents `identity` as the WFM (open connections are closed, so the device must connect anew) and
 * watches: a management request on a new connection means the device accepted it; that many connections
 * carrying none means it did not; no request and too few connections in time decide nothing (a device
 * left without anchors may stop connecting, but so may a slow one).
 */
export async function presentWfm(session: Session, identity: { name: string; certPem: string; keyPem: string }, timeoutMs: number): Promise<IdentityVerdict> {
  const { mock } = session;
  const traffic = mock.traffic;
  const since = traffic.connections.length;
  const swappedAt = Date.now() - mock.startedAt;
  mock.presentIdentity(identity);
  const wfmConnections = () => traffic.connections.slice(since).filter((c) => c.server === undefined);
  const accepted = () => traffic.exchanges.find((e) => isWfmRequest(e) && e.at > swappedAt && e.at >= (wfmConnections()[0]?.at ?? Infinity));
  await traffic
    .waitUntil(() => accepted() !== undefined || wfmConnections().filter((c) => c.identity === identity.name).length >= ATTEMPTS, { timeoutMs })
    .catch(() => undefined);
  const exchange = accepted();
  if (exchange) return { accepted: true, exchange };
  if (wfmConnections().filter((c) => c.identity === identity.name).length >= ATTEMPTS) return { accepted: false, refused: true };
  return { accepted: false, refused: false, awaited: `a management request, or ${ATTEMPTS} connections, to a WFM presenting ${identity.name}`, waitMs: timeoutMs };
}
