import type { TestPki } from '../../../core/identity/index.js';
import { bundleDocument, JWT_SVID_KEY, type TrustBundleServing } from '../../../instruments/mock-wfm/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { awaited, expired, fail, happened, passed, undecided } from '../support/findings.js';
import { manifestPolls, requestLine } from '../support/observations.js';
import { configuredScenario, steady } from '../support/session-scope.js';
import { bundleFetched, bundleHandled, presentWfm, servingAnchors } from '../support/trust-bundle.js';
import type { Session } from '../session.js';

/**
 * Runs a trust-bundle-api scenario on a device that got going with the first bundle (the trust domain's
 * anchor A): `body` then rotates what the trust bundle server serves and watches which WFM identities the
 * device accepts. The second anchor, B, is the test PKI's other CA: `issueWfm({ foreignCa: true })`
 * presents the same WFM SPIFFE ID chained to it.
 */
function rotationScenario(context: DeviceContext, requirements: string[], name: string, body: (session: Session, pki: TestPki) => Promise<Finding[]>, serving?: (pki: TestPki) => TrustBundleServing): Promise<Finding[]> | Finding[] {
  return configuredScenario(context, requirements, name, { trustBundle: serving ?? ((pki) => servingAnchors(pki.bundlePem)) }, async (session) => {
    await steady(session, context.waitMs);
    return body(session, context.pki);
  });
}

/** Serves `serving` and waits until the device fetched and handled it (bundle refresh hints are 1 s). */
async function rotate(session: Session, serving: TrustBundleServing, timeoutMs: number, status = 200) {
  const since = session.mock.traffic.mark();
  session.mock.trustBundle?.serve(serving);
  return bundleHandled(session.mock.traffic, since, timeoutMs, status);
}

/** TB-006: a bundle that also holds a JWT-SVID key is adopted (its X.509 anchor B verifies the WFM). */
export const trustBundleJwtKeys = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-jwt-keys',
  title: 'The device adopts a SPIFFE bundle that also carries JWT-SVID keys, ignoring them',
  requirements: ['TB-006'],
  run: (context) =>
    rotationScenario(context, ['TB-006'], 'trust-bundle-jwt-keys', async (session, pki) => {
      const fetched = await rotate(session, { bundle: bundleDocument(pki.foreign.bundlePem, { sequence: 2, extraKeys: [JWT_SVID_KEY] }) }, context.waitMs * 2);
      const verdict = await presentWfm(session, { name: 'anchor-b', ...(await pki.issueWfm({ foreignCa: true })) }, context.waitMs * 2);
      if (verdict.accepted) return passed(['TB-006'], `After ${requestLine(fetched)} served a bundle with a new X.509 anchor and a jwt-svid key, ${requestLine(verdict.exchange)} reached a WFM chained to that anchor.`, [fetched, verdict.exchange]);
      if (!verdict.refused) return expired(['TB-006'], { ...verdict, traffic: session.mock.traffic, since: fetched.seq + 1 });
      return [fail('TB-006', `After ${requestLine(fetched)} served sequence 2 with a new X.509 anchor and a jwt-svid key, the device refused a WFM chained to that anchor: it did not adopt the bundle (TB-006). Ignore keys whose use is not x509-svid.`, fetched)];
    }),
});

/** TB-009: once bundle B replaced A, a WFM chained to A is refused. */
export const trustBundleReplacement = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-replacement',
  title: 'A new bundle replaces the old anchors entirely',
  requirements: ['TB-009'],
  run: (context) =>
    rotationScenario(context, ['TB-009'], 'trust-bundle-replacement', async (session, pki) => {
      const fetched = await rotate(session, { bundle: bundleDocument(pki.foreign.bundlePem, { sequence: 2 }) }, context.waitMs * 2);
      const adopted = await presentWfm(session, { name: 'anchor-b', ...(await pki.issueWfm({ foreignCa: true })) }, context.waitMs * 2);
      if (!adopted.accepted && !adopted.refused) return expired(['TB-009'], { ...adopted, traffic: session.mock.traffic, since: fetched.seq + 1 });
      if (!adopted.accepted) return undecided(['TB-009'], `After ${requestLine(fetched)} served a newer bundle with only anchor B, the device refused a WFM chained to B, so it never adopted the bundle and replacement could not be judged.`);
      const old = await presentWfm(session, { name: 'anchor-a', certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem }, context.waitMs * 2);
      if (!old.accepted && !old.refused) return expired(['TB-009'], { ...old, traffic: session.mock.traffic, since: fetched.seq + 1 });
      if (!old.accepted) return passed(['TB-009'], `After ${requestLine(fetched)} replaced the bundle, ${requestLine(adopted.exchange)} reached a WFM chained to anchor B and no request reached one chained to the old anchor A.`, [fetched, adopted.exchange]);
      return [fail('TB-009', `${requestLine(old.exchange)} was sent to a WFM chained to anchor A after ${requestLine(fetched)} replaced the bundle with one holding only anchor B (TB-009). Replace the anchors; never merge old and new.`, old.exchange)];
    }),
});

/** TB-007: a bundle without X.509 anchors, and then a failed retrieval, both leave the current anchor in use. */
export const trustBundleFailClosed = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-fail-closed',
  title: 'The device refuses a bundle without X.509 anchors and keeps its bundle when a retrieval fails',
  requirements: ['TB-007'],
  run: (context) =>
    rotationScenario(context, ['TB-007'], 'trust-bundle-fail-closed', async (session, pki) => {
      const findings: Finding[] = [];
      const rows = [
        { serving: { bundle: { keys: [JWT_SVID_KEY], spiffe_sequence: 2, spiffe_refresh_hint: 1 } }, status: 200, defect: 'a bundle with no x509-svid key (sequence 2)' },
        { serving: { bundle: {}, bundleStatus: 503 }, status: 503, defect: 'a 503 for the bundle' },
      ];
      for (const [index, row] of rows.entries()) {
        const fetched = await rotate(session, row.serving, context.waitMs, row.status);
        const kept = await presentWfm(session, { name: `anchor-a-${index}`, certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem }, context.waitMs * 2);
        if (!kept.accepted && !kept.refused) findings.push(...expired(['TB-007'], { ...kept, traffic: session.mock.traffic, since: fetched.seq + 1 }));
        else if (!kept.accepted) findings.push(fail('TB-007', `After ${requestLine(fetched)} answered with ${row.defect}, the device refused the WFM its current anchor verifies: it dropped its bundle (TB-007). Refuse a bundle without X.509 anchors and keep the current one when a retrieval fails.`, fetched));
      }
      return findings;
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
        const fetched = await rotate(session, { bundle: bundleDocument(pki.foreign.bundlePem, { sequence: 3 }) }, context.waitMs * 2);
        const older = await presentWfm(session, { name: 'anchor-b', ...(await pki.issueWfm({ foreignCa: true })) }, context.waitMs * 2);
        if (older.accepted) {
          return [fail('TB-008', `${requestLine(older.exchange)} was sent to a WFM chained to the anchor of a bundle with spiffe_sequence 3, served by ${requestLine(fetched)} after the device held sequence 5 (TB-008). Refuse bundles whose sequence is lower than the highest seen.`, older.exchange)];
        }
        const kept = await presentWfm(session, { name: 'anchor-a', certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem }, context.waitMs * 2);
        if (!kept.accepted && !kept.refused) return expired(['TB-008'], { ...kept, traffic: session.mock.traffic, since: fetched.seq + 1 });
        return kept.accepted ? [] : undecided(['TB-008'], 'The device refused the WFM of both the held bundle and the older one, so whether it kept its bundle could not be judged.');
      },
      (pki) => servingAnchors(pki.bundlePem, 5),
    ),
});

/** Manifest polls after a refresh came due that prove the device was running but did not refresh (TB-010). */
const PAST_DUE_POLLS = 3;

/** TB-010: `Cache-Control: max-age=3600` on a bundle with spiffe_refresh_hint 1 does not postpone the next fetch. */
export const trustBundleRefresh = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-refresh',
  title: 'HTTP caching does not postpone a bundle refresh the refresh hint makes due',
  requirements: ['TB-010'],
  run: (context) =>
    rotationScenario(
      context,
      ['TB-010'],
      'trust-bundle-refresh',
      async (session) => {
        const { traffic } = session.mock;
        const first = await bundleFetched(traffic, 0, context.waitMs);
        const window = 1000 + context.waitMs;
        const again = await awaited(bundleFetched(traffic, first.seq + 1, window));
        if (again) return passed(['TB-010'], `${requestLine(first)} served spiffe_refresh_hint 1 with Cache-Control max-age=3600, and ${requestLine(again)} fetched the bundle again ${Math.round(again.at - first.at)} ms later.`, [first, again]);
        // Proof is the device busy well past the due refresh (hint 1 s, plus 1 s grace) without it; silence proves nothing.
        const pastDue = manifestPolls(traffic, first.seq + 1).filter((e) => e.at > first.at + 2000);
        if (pastDue.length < PAST_DUE_POLLS) return expired(['TB-010'], { awaited: `a bundle fetch after ${requestLine(first)} served spiffe_refresh_hint 1 with Cache-Control max-age=3600`, waitMs: window, traffic, since: first.seq + 1 });
        return [fail('TB-010', `${requestLine(first)} served a bundle with spiffe_refresh_hint 1 and Cache-Control max-age=3600; the device polled the manifest ${pastDue.length} times after the refresh was due (last ${Math.round(pastDue.at(-1)!.at - first.at)} ms after the fetch) without fetching the bundle again (TB-010). Refresh when the hint says; HTTP caching must not postpone it.`, pastDue.at(-1))];
      },
      (pki) => ({ ...servingAnchors(pki.bundlePem), headers: { 'cache-control': 'max-age=3600', expires: new Date(Date.now() + 3600_000).toUTCString() } }),
    ),
});
