import type { TestPki } from '../../../core/identity/index.js';
import { bundleDocument, JWT_SVID_KEY, type RecordedExchange, type TrafficLog, type TrustBundleServing, type WfmSocket } from '../../../instruments/mock-wfm/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { EvidenceRef, Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { expired, happened, undecided } from '../support/findings.js';
import { manifestPolls, requestLine } from '../support/observations.js';
import { configuredScenario } from '../support/session-scope.js';
import { presentWfm, refusedLine, rotate, servingAnchors, trustRequests, whileProgressing, type IdentityVerdict, type Rotation } from '../support/trust-bundle.js';
import type { Session } from '../session.js';

/**
 * Runs a trust-bundle-api scenario on a device that got going with the first bundle (the trust domain's
 * anchor A): `body` then rotates what the trust bundle server serves and watches which WFM identities the
 * device accepts. The second anchor, B, is the test PKI's other CA: `issueWfm({ foreignCa: true })`
 * presents the same WFM SPIFFE ID chained to it. Every step waits on the device's own traffic: a bundle is
 * known to be handled once the device fetched the bundle again after it, and an identity is judged by the
 * connections the device made to the WFM presenting it (see `presentWfm`).
 */
function rotationScenario(context: DeviceContext, requirements: string[], name: string, body: (session: Session, pki: TestPki) => Promise<Finding[]>, serving?: (pki: TestPki) => TrustBundleServing): Promise<Finding[]> | Finding[] {
  return configuredScenario(context, requirements, name, { trustBundle: serving ?? ((pki) => servingAnchors(pki.bundlePem)) }, async (session) => {
    // Steady once past its first manifest poll: discovery, bundle and capabilities come first, each a request that shows progress.
    await session.client();
    const { traffic } = session.mock;
    await whileProgressing(traffic, () => manifestPolls(traffic).some((e) => e.response?.status === 200), { idleMs: context.waitMs, what: 'a first manifest poll answered 200' });
    return body(session, context.pki);
  });
}

/** The run-wide traffic records of these exchanges and of the connections the device refused. */
const cited = (exchanges: readonly RecordedExchange[], refused: readonly WfmSocket[] = []): EvidenceRef[] =>
  [...exchanges.flatMap((e) => (e.evidence.id ? [e.evidence.id] : [])), ...refused.flatMap((s) => (s.record ? [s.record] : []))].map((id) => ({ kind: 'traffic' as const, id }));

/** A fail that cites every exchange and refused connection it stands on (the last exchange is its location). */
function failed(requirement: string, message: string, exchanges: readonly RecordedExchange[], refused: readonly WfmSocket[] = []): Finding {
  const last = exchanges.at(-1);
  return { requirement, outcome: 'fail', message, ...(last ? { location: last.evidence } : {}), observed: cited(exchanges, refused) };
}

/** A pass that cites the exchanges and refused connections it stands on. */
const proven = (requirement: string, message: string, exchanges: readonly RecordedExchange[], refused: readonly WfmSocket[] = []): Finding[] => [
  { requirement, outcome: 'pass', message, observed: cited(exchanges, refused) },
];

/** What a rotation proved, for messages: "GET /bundle.json served <what>, and the device fetched the bundle again". */
const had = (rotation: Rotation, what: string) => `${requestLine(rotation.served)} served ${what} and the device fetched the bundle again after it`;

/** A probe that saw neither acceptance nor refusal decides nothing: `error`, saying what the device did instead. */
function unjudged(requirement: string, verdict: Extract<IdentityVerdict, { verdict: 'silent' | 'expired' }>, traffic: TrafficLog, anchor: string): Finding[] {
  if (verdict.verdict === 'expired') return expired([requirement], { ...verdict, traffic });
  return undecided([requirement], `With the WFM presenting a certificate chained to ${anchor}, the device made no connection to it while it fetched the bundle ${verdict.refreshes.length} times, so whether it accepts that anchor could not be judged.`);
}

const anchorB = async (pki: TestPki, name = 'anchor-b') => ({ name, ...(await pki.issueWfm({ foreignCa: true })) });
const anchorA = (pki: TestPki, name = 'anchor-a') => ({ name, certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem });

/** TB-006: a bundle that also holds a JWT-SVID key is adopted (its X.509 anchor B verifies the WFM). */
export const trustBundleJwtKeys = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-jwt-keys',
  title: 'The device adopts a SPIFFE bundle that also carries JWT-SVID keys, ignoring them',
  requirements: ['TB-006'],
  run: (context) =>
    rotationScenario(context, ['TB-006'], 'trust-bundle-jwt-keys', async (session, pki) => {
      const what = 'sequence 2 with a new X.509 anchor B and a jwt-svid key';
      const rotation = await rotate(session, { bundle: bundleDocument(pki.foreign.bundlePem, { sequence: 2, extraKeys: [JWT_SVID_KEY] }) }, context.waitMs * 2, what);
      const probe = await presentWfm(session, await anchorB(pki), context.waitMs * 2);
      if (probe.verdict === 'accepted') return proven('TB-006', `After ${had(rotation, what)}, ${requestLine(probe.exchange)} reached a WFM chained to anchor B.`, [rotation.served, rotation.next, probe.exchange]);
      if (probe.verdict === 'refused') {
        return [failed('TB-006', `After ${had(rotation, what)}, it refused a WFM chained to anchor B: ${refusedLine(probe.refused)}. It did not adopt the bundle (TB-006). Ignore keys whose use is not x509-svid.`, [rotation.served, rotation.next], probe.refused)];
      }
      return unjudged('TB-006', probe, session.mock.traffic, 'anchor B');
    }),
});

/** TB-009: once bundle B replaced A, a WFM chained to A is refused. */
export const trustBundleReplacement = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-replacement',
  title: 'A new bundle replaces the old anchors entirely',
  requirements: ['TB-009'],
  run: (context) =>
    rotationScenario(context, ['TB-009'], 'trust-bundle-replacement', async (session, pki) => {
      const { traffic } = session.mock;
      const what = 'sequence 2 holding only anchor B';
      const rotation = await rotate(session, { bundle: bundleDocument(pki.foreign.bundlePem, { sequence: 2 }) }, context.waitMs * 2, what);
      const adopted = await presentWfm(session, await anchorB(pki), context.waitMs * 2);
      if (adopted.verdict === 'refused') return undecided(['TB-009'], `After ${had(rotation, what)}, it refused a WFM chained to B (${refusedLine(adopted.refused)}), so it never adopted the bundle and replacement could not be judged.`);
      if (adopted.verdict !== 'accepted') return unjudged('TB-009', adopted, traffic, 'anchor B');
      const old = await presentWfm(session, anchorA(pki), context.waitMs * 2);
      if (old.verdict === 'accepted') {
        return [failed('TB-009', `After ${had(rotation, what)} and ${requestLine(adopted.exchange)} reached a WFM chained to B, ${requestLine(old.exchange)} was sent to a WFM chained to the old anchor A (TB-009). Replace the anchors; never merge old and new.`, [rotation.served, rotation.next, adopted.exchange, old.exchange])];
      }
      if (old.verdict === 'refused') {
        return proven('TB-009', `After ${had(rotation, what)}, ${requestLine(adopted.exchange)} reached a WFM chained to anchor B and the device refused one chained to the old anchor A: ${refusedLine(old.refused)}.`, [rotation.served, rotation.next, adopted.exchange], old.refused);
      }
      return unjudged('TB-009', old, traffic, 'the old anchor A');
    }),
});

/** TB-007: a bundle without X.509 anchors, and then a failed retrieval, both leave the current anchor A in use. */
export const trustBundleFailClosed = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-fail-closed',
  title: 'The device refuses a bundle without X.509 anchors and keeps its bundle when a retrieval fails',
  requirements: ['TB-007'],
  run: (context) =>
    rotationScenario(context, ['TB-007'], 'trust-bundle-fail-closed', async (session, pki) => {
      const { traffic } = session.mock;
      const rows: { serving: TrustBundleServing; what: string }[] = [
        { serving: { bundle: { keys: [JWT_SVID_KEY], spiffe_sequence: 2, spiffe_refresh_hint: 1 } }, what: 'a bundle with no x509-svid key (sequence 2)' },
        { serving: { bundle: {}, bundleStatus: 503 }, what: 'a 503 for the bundle' },
      ];
      const evidence: RecordedExchange[] = [];
      const accepted: RecordedExchange[] = [];
      for (const [index, row] of rows.entries()) {
        const rotation = await rotate(session, row.serving, context.waitMs * 2, row.what);
        const probe = await presentWfm(session, anchorA(pki, `anchor-a-${index}`), context.waitMs * 2);
        const after = `After ${had(rotation, row.what)}`;
        const fix = 'Refuse a bundle without X.509 anchors and keep the current one when a retrieval fails.';
        if (probe.verdict === 'refused') return [failed('TB-007', `${after}, it refused the WFM its current anchor A verifies: ${refusedLine(probe.refused)}. It dropped its bundle (TB-007). ${fix}`, [rotation.served, rotation.next], probe.refused)];
        if (probe.verdict === 'silent') {
          return [failed('TB-007', `${after}, it made no connection to the WFM its current anchor A verifies while it fetched the bundle ${probe.refreshes.length} more times, where it had polled the manifest until then: it holds no anchor any more (TB-007). ${fix}`, [rotation.served, rotation.next, ...probe.refreshes])];
        }
        if (probe.verdict === 'expired') return expired(['TB-007'], { ...probe, traffic });
        evidence.push(rotation.served, rotation.next, probe.exchange);
        accepted.push(probe.exchange);
      }
      return proven('TB-007', `After ${rows.map((row) => row.what).join(' and after ')}, each fetched and then fetched again, a request reached the WFM chained to the anchor the device held (${accepted.map(requestLine).join(', ')}).`, evidence);
    }),
});

/** TB-008: a bundle with a lower spiffe_sequence than the one held is refused. */
export const trustBundleSequence = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-sequence',
  title: 'The device refuses a bundle whose spiffe_sequence went back',
  requirements: ['TB-008'],
  run: (context) =>
    rotationScenario(
      context,
      ['TB-008'],
      'trust-bundle-sequence',
      async (session, pki) => {
        const { traffic } = session.mock;
        const what = 'anchor B with spiffe_sequence 3, after the device held sequence 5';
        const rotation = await rotate(session, { bundle: bundleDocument(pki.foreign.bundlePem, { sequence: 3 }) }, context.waitMs * 2, what);
        const older = await presentWfm(session, await anchorB(pki), context.waitMs * 2);
        if (older.verdict === 'accepted') {
          return [failed('TB-008', `After ${had(rotation, what)}, ${requestLine(older.exchange)} was sent to a WFM chained to anchor B of that older bundle (TB-008). Refuse bundles whose sequence is lower than the highest seen.`, [rotation.served, rotation.next, older.exchange])];
        }
        if (older.verdict !== 'refused') return unjudged('TB-008', older, traffic, 'anchor B');
        const kept = await presentWfm(session, anchorA(pki), context.waitMs * 2);
        if (kept.verdict === 'accepted') return proven('TB-008', `After ${had(rotation, what)}, it refused a WFM chained to B (${refusedLine(older.refused)}) and ${requestLine(kept.exchange)} reached one chained to the anchor A it held.`, [rotation.served, rotation.next, kept.exchange], older.refused);
        if (kept.verdict === 'refused') return undecided(['TB-008'], `After ${had(rotation, what)}, the device refused the WFM of both the held bundle and the older one, so whether it kept its bundle could not be judged.`);
        return unjudged('TB-008', kept, traffic, 'the held anchor A');
      },
      (pki) => servingAnchors(pki.bundlePem, 5),
    ),
});

/**
 * TB-010's rule is that HTTP caching never postpones a refresh the refresh hint made due; a refresh that comes
 * later because the machine is slow is no deviation. So the device's own refresh interval is measured first,
 * without caching (Cache-Control: no-cache, hint 1 s, same machine and load), and a refresh counts as
 * postponed only when, after a response with max-age=3600, PAST_DUE_POLLS manifest polls arrived later than
 * PAST_DUE_INTERVALS of those intervals after that fetch and no request reached the trust bundle server. A
 * device runs its timers in due order, so one slowed by its machine is slowed in its polls as much.
 */
const PAST_DUE_INTERVALS = 3;
const PAST_DUE_POLLS = 10;
/** Bundle fetches without HTTP caching (from the device's first on) that give its refresh interval: the longest between them. */
const CADENCE_FETCHES = 3;

/** TB-010: `Cache-Control: max-age=3600` on a bundle with spiffe_refresh_hint 1 does not postpone the next refresh. */
export const trustBundleRefresh = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-refresh',
  title: 'HTTP caching does not postpone a bundle refresh the refresh hint makes due',
  requirements: ['TB-010'],
  run: (context) =>
    rotationScenario(context, ['TB-010'], 'trust-bundle-refresh', async (session, pki) => {
      const { traffic } = session.mock;
      // The refresh interval without HTTP caching (Cache-Control: no-cache, refresh hint 1 s).
      await traffic.waitUntil(() => trustRequests(traffic, 'trust-bundle').length >= CADENCE_FETCHES, { timeoutMs: context.waitMs * 2, what: `${CADENCE_FETCHES} bundle fetches answered without HTTP caching` });
      const plain = trustRequests(traffic, 'trust-bundle');
      const interval = Math.round(Math.max(...plain.slice(1).map((fetch, i) => fetch.at - plain[i]!.at)));
      const cached = { ...servingAnchors(pki.bundlePem), headers: { 'cache-control': 'max-age=3600', expires: new Date(Date.now() + 3600_000).toUTCString() } };
      const since = traffic.mark();
      session.mock.trustBundle?.serve(cached);
      const first = await traffic.waitFor((e) => e.route === 'trust-bundle' && e.response?.status === 200, { since, timeoutMs: context.waitMs * 2, what: 'a bundle fetch answered with Cache-Control max-age=3600' });
      const dueBy = first.at + PAST_DUE_INTERVALS * interval;
      const again = () => traffic.exchanges.slice(first.seq + 1).find((e) => (e.route ?? '').startsWith('trust-'));
      const pastDue = () => manifestPolls(traffic, first.seq + 1).filter((poll) => poll.at > dueBy);
      // Long enough for the past-due polls at the device's own pace, however slow that is.
      const waitMs = Math.max(context.waitMs * 2, PAST_DUE_INTERVALS * interval + context.waitMs);
      await happened(traffic.waitUntil(() => again() !== undefined || pastDue().length >= PAST_DUE_POLLS, { timeoutMs: waitMs, what: `a refresh after ${requestLine(first)}, or ${PAST_DUE_POLLS} manifest polls after it was past due` }));
      const refreshed = again();
      const before = `Without HTTP caching the device refreshed its bundle at most ${interval} ms apart (spiffe_refresh_hint 1)`;
      if (refreshed) return proven('TB-010', `${before}; ${requestLine(first)} served the same hint with Cache-Control max-age=3600, and ${requestLine(refreshed)} began the next refresh ${Math.round(refreshed.at - first.at)} ms later.`, [...plain, first, refreshed]);
      const late = pastDue();
      if (late.length < PAST_DUE_POLLS) return expired(['TB-010'], { awaited: `a refresh after ${requestLine(first)} served spiffe_refresh_hint 1 with Cache-Control max-age=3600, or ${PAST_DUE_POLLS} manifest polls more than ${PAST_DUE_INTERVALS * interval} ms after it without one`, waitMs, traffic, since: first.seq + 1 });
      return [failed('TB-010', `${before}; after ${requestLine(first)} served the same hint with Cache-Control max-age=3600, the device polled the manifest ${late.length} times more than ${PAST_DUE_INTERVALS * interval} ms (${PAST_DUE_INTERVALS} of its own refresh intervals) after that fetch, the last ${Math.round(late.at(-1)!.at - first.at)} ms after it, without refreshing the bundle (TB-010). Refresh when spiffe_refresh_hint says; HTTP caching must not postpone it.`, [...plain, first, late.at(-1)!])];
    }),
});
