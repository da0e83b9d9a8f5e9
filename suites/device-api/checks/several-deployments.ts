import { gunzipSync } from 'node:zlib';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { RecordedExchange } from '../../../instruments/mock-wfm/index.js';
import type { DeviceContext } from '../context.js';
import { finalReport } from '../support/final-report.js';
import { expired, fail, guarded, passed } from '../support/findings.js';
import { IGNORED_POLLS, ignoredChange, manifestPolls, requestLine, statusReports } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';
import type { TestApplication } from '../support/test-application.js';

const REQUIREMENT = 'DS-028';
/** Reports that show the device acting on a removal. */
const REMOVAL_REACTIONS = ['removing', 'removed', 'failed'];

/**
 * DS-028 for a manifest that lists several new deployments at once (Margo's sandbox kit,
 * flex-desired-state-multi-app): two deployments of one application and one of another. Each must be
 * installed and reported; then one of the twins leaves the manifest and only it is removed.
 */
export const severalDeployments = defineCheck<DeviceContext>({
  id: 'device-api/several-deployments',
  title: 'Every deployment of a manifest listing several is installed and reported, and only the one dropped is removed',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], () =>
      withSession(context, 'several-deployments', async (session) => {
        await steady(session, context.waitMs);
        const { traffic, operator } = session.mock;
        const { edition, waitMs } = context;
        const twin: TestApplication = { id: 'fleet-twin', components: [{ name: 'only' }] };
        // No wait between the assignments, so the first manifest that lists one of them lists all three.
        const ids = [(await session.assign(twin)).deploymentId, (await session.assign(twin)).deploymentId, (await session.assign({ id: 'fleet-single', components: [{ name: 'only' }] })).deploymentId];
        const assignedAt = traffic.mark();
        const settled = (id: string) => finalReport(traffic, edition, id) !== undefined || ignoredChange(traffic, edition, id, assignedAt) !== undefined;
        // The device settles the deployments one after another, so the wait grows with their number.
        const settleMs = waitMs * Math.ceil(ids.length / 2);
        await traffic.waitUntil(() => ids.every(settled), { timeoutMs: settleMs, what: 'a final state (installed or failed) for every deployment of the manifest' }).catch(() => undefined);
        const together = manifestPolls(traffic).find((e) => listed(e).some((id) => ids.includes(id)));
        const shown = together ? listed(together) : [];
        if (together && !ids.every((id) => shown.includes(id))) {
          return [{ requirement: REQUIREMENT, outcome: 'indeterminate', message: `Not exercised: ${requestLine(together)}, the first manifest the device got with any of the ${ids.length} deployments assigned at once, listed only ${ids.filter((id) => shown.includes(id)).join(', ')}, so no manifest listed several new deployments.` }];
        }
        const along = `listed in one manifest with ${ids.length - 1} other new deployments${together ? ` (${requestLine(together)})` : ''}`;
        const findings: Finding[] = [];
        const installedReports: RecordedExchange[] = [];
        for (const id of ids) {
          const final = finalReport(traffic, edition, id);
          const ignored = ignoredChange(traffic, edition, id, assignedAt);
          if (final?.state === 'installed') installedReports.push(final.exchange);
          else if (final) findings.push(fail(REQUIREMENT, `${requestLine(final.exchange)} reports deployment ${id}, ${along}, failed; it is a valid deployment the device's capabilities fit (${REQUIREMENT}). Install every deployment the manifest lists.`, final.exchange));
          else if (ignored) findings.push(fail(REQUIREMENT, `Deployment ${id} was ${along}; the device polled the manifest ${IGNORED_POLLS} times since, the last ${requestLine(ignored)}, and never reported it${fetched(traffic, id) ? '' : ' nor fetched its YAML'} (${REQUIREMENT}). Install and report every deployment the manifest lists, each under its own deploymentId.`, ignored));
          else findings.push(...expired([REQUIREMENT], { awaited: `a status report "installed" for deployment ${id}, ${along}`, waitMs: settleMs, traffic, since: assignedAt }));
        }
        if (findings.length > 0) return findings;

        const [dropped, ...kept] = ids as [string, ...string[]];
        const removalAt = traffic.mark();
        operator.deleteDeployment(dropped);
        const removed = () => statusReports(traffic, edition, dropped, removalAt).find((r) => r.state === 'removed');
        const ignoredRemoval = () => ignoredChange(traffic, edition, dropped, removalAt, REMOVAL_REACTIONS);
        await traffic.waitUntil(() => removed() !== undefined || ignoredRemoval() !== undefined, { timeoutMs: waitMs, what: `a status report "removed" for deployment ${dropped}` }).catch(() => undefined);
        const removal = removed();
        if (!removal) {
          const ignored = ignoredRemoval();
          if (ignored) return [fail(REQUIREMENT, `Deployment ${dropped} left the manifest (the other ${kept.length} stayed); the device polled it ${IGNORED_POLLS} times since, the last ${requestLine(ignored)}, and reported neither removing nor removed (${REQUIREMENT}). Remove what the manifest no longer lists.`, ignored)];
          return expired([REQUIREMENT], { awaited: `a status report "removed" for deployment ${dropped}, which left the manifest`, waitMs, traffic, since: removalAt });
        }
        // The others must stay: watched over the device's next polls after the removal was reported.
        const watchFrom = traffic.mark();
        await traffic.waitUntil(() => manifestPolls(traffic, watchFrom).length >= IGNORED_POLLS, { timeoutMs: waitMs, what: `${IGNORED_POLLS} manifest polls after the removal` }).catch(() => undefined);
        const touched = kept.flatMap((id) => statusReports(traffic, edition, id, removalAt).filter((r) => REMOVAL_REACTIONS.includes(r.state)));
        if (touched.length > 0) {
          return touched.map((r) => fail(REQUIREMENT, `${requestLine(r.exchange)} reports deployment ${r.deploymentId} ${r.state} after only deployment ${dropped} left the manifest; ${r.deploymentId} is still listed (${REQUIREMENT}). Remove only the deployments the manifest no longer lists.`, r.exchange));
        }
        if (manifestPolls(traffic, watchFrom).length < IGNORED_POLLS) {
          return expired([REQUIREMENT], { awaited: `${IGNORED_POLLS} manifest polls after deployment ${dropped} was reported removed, to see that the other ${kept.length} stay`, waitMs, traffic, since: watchFrom });
        }
        return passed([REQUIREMENT], `Deployments ${ids.join(', ')}, ${along}, were each reported installed, two of them of one application; after ${dropped} left the manifest it alone was reported removed, over ${IGNORED_POLLS} polls.`, [together, ...installedReports, removal.exchange]);
      }),
    ),
});

/** The deploymentIds a manifest answer lists (200 only; gzip-coded answers decoded). */
function listed(exchange: RecordedExchange): string[] {
  if (exchange.response?.status !== 200) return [];
  try {
    const raw = exchange.response.body;
    const body = exchange.response.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const deployments = (JSON.parse(body.toString('utf8')) as { deployments?: unknown }).deployments;
    return Array.isArray(deployments) ? deployments.map((d) => String((d as Record<string, unknown>)?.['deploymentId'] ?? '')) : [];
  } catch {
    return [];
  }
}

/** Whether the device fetched the deployment's YAML. */
function fetched(traffic: { exchanges: readonly RecordedExchange[] }, deploymentId: string): boolean {
  return traffic.exchanges.some((e) => e.route === 'deployment' && e.path.includes(`/${deploymentId}/`));
}
