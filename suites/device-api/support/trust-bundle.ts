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

export type IdentityVerdict = { accepted: true; exchange: RecordedExchange } | { accepted: false };

/**
 * Presents `identity` as the WFM (open connections are closed, so the device must connect anew) and
 * watches: a management request on a new connection means the device accepted it; that many connections
 * carrying none, or no request at all in time (a device left without anchors may stop connecting), means
 * it did not.
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
  return exchange ? { accepted: true, exchange } : { accepted: false };
}
