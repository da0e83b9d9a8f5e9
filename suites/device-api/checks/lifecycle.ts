import type { Edition } from '../../../core/catalog/editions.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { RecordedExchange, TrafficLog } from '../../../instruments/mock-wfm/index.js';
import type { DeviceContext } from '../context.js';
import { expired, fail, guarded, happened } from '../support/findings.js';
import { IGNORED_POLLS, failedReport, ignoredChange, manifestPolls, requestLine, statusReports, waitForState } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

const REQUIREMENTS = ['DS-028', 'DS-029', 'ST-011'];
/** Reports that show the device acting on a removal. */
const REMOVAL_REACTIONS = ['removing', 'removed', 'failed'];

/**
 * The device's IGNORED_POLLS-th poll answered with a manifest that does not list `deploymentId` (a 304
 * counts once such a manifest was served, since it confirms that one), with no report of the deployment
 * being removed, removing or failed since `since`; else undefined.
 */
function ignoredRemovalPoll(traffic: TrafficLog, edition: Edition, deploymentId: string, since: number): RecordedExchange | undefined {
  if (statusReports(traffic, edition, deploymentId, since).some((r) => REMOVAL_REACTIONS.includes(r.state))) return undefined;
  let served = false;
  const polls = manifestPolls(traffic, since).filter((poll) => {
    if (poll.response?.status === 304) return served;
    if (poll.response?.status !== 200) return false;
    served ||= !listed(poll.response.body, deploymentId);
    return !listed(poll.response.body, deploymentId);
  });
  return polls[IGNORED_POLLS - 1];
}

function listed(body: Buffer, deploymentId: string): boolean {
  try {
    const manifest = JSON.parse(body.toString('utf8')) as { deployments?: { deploymentId?: unknown }[] };
    return (manifest.deployments ?? []).some((d) => d?.deploymentId === deploymentId);
  } catch {
    return true;
  }
}

/**
 * Add, update and remove one deployment: the update's new revision is fetched and its reports carry the
 * manifestVersion that brought it (ST-011; a missing field is ST-004's business), and the removal is
 * reported removing then removed (DS-028, DS-029).
 */
export const lifecycle = defineCheck<DeviceContext>({
  id: 'device-api/lifecycle',
  title: 'The device adds, updates and removes a deployment as the manifest says and reports each change',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, () =>
      withSession(context, 'lifecycle', async (session) => {
        const client = await steady(session, context.waitMs);
        const { traffic, operator } = session.mock;
        const { edition, waitMs } = context;
        const findings: Finding[] = [];
        const deployment = await session.assign({ id: 'lifecycle', components: [{ name: 'one' }, { name: 'two' }], withParameter: true });
        const assignedAt = traffic.mark();
        if (!(await happened(waitForState(traffic, edition, deployment.deploymentId, 'installed', { timeoutMs: waitMs })))) {
          const failed = failedReport(traffic, edition, deployment.deploymentId);
          const ignored = ignoredChange(traffic, edition, deployment.deploymentId, assignedAt);
          const rest = expired(REQUIREMENTS.filter((id) => !(failed || ignored) || id !== 'DS-028'), { awaited: `a status report "installed" for deployment ${deployment.deploymentId}`, waitMs, traffic, since: assignedAt, why: 'The update and removal were not tried.' });
          if (ignored) return [fail('DS-028', `${requestLine(ignored)} was the device's ${IGNORED_POLLS}th manifest poll since deployment ${deployment.deploymentId} was assigned, and it never sent a status report for it (DS-028). Install what the manifest lists.`, ignored), ...rest];
          if (!failed) return rest;
          return [fail('DS-028', `${requestLine(failed.exchange)} reports deployment ${deployment.deploymentId} failed; it is a valid deployment the device's capabilities fit (DS-028). Install what the manifest lists.`, failed.exchange), ...rest];
        }
        const mark = traffic.mark();
        operator.updateDeployment(deployment.deploymentId, { revisionLabel: 'second' });
        const updatedVersion = operator.manifestVersion(client);
        const [newDocument] = (await operator.documents(client)).filter((d) => traffic.exchanges.every((e) => !e.path.includes(d.digest)));
        const fetched = await happened(traffic.waitFor((e) => e.route === 'deployment' && newDocument !== undefined && e.path.includes(newDocument.digest), { since: mark, timeoutMs: waitMs }));
        if (!fetched) findings.push(...expired(['DS-028'], { awaited: `a fetch of the new revision of deployment ${deployment.deploymentId} (manifestVersion ${updatedVersion})`, waitMs, traffic, since: mark }));
        const installedAgain = await happened(waitForState(traffic, edition, deployment.deploymentId, 'installed', { since: mark, timeoutMs: waitMs }));
        const adopted = statusReports(traffic, edition, deployment.deploymentId, mark).filter((r) => r.state === 'installed').at(-1);
        if (installedAgain && adopted && adopted.adoptedManifestVersion !== undefined && adopted.adoptedManifestVersion !== updatedVersion) {
          findings.push(fail('ST-011', `${requestLine(adopted.exchange)} reports adoptedManifestVersion ${JSON.stringify(adopted.adoptedManifestVersion)} for the updated revision; it came with manifestVersion ${updatedVersion} (ST-011).`, adopted.exchange));
        }
        const removalMark = traffic.mark();
        operator.deleteDeployment(deployment.deploymentId);
        // Judged on the device's own polls of the manifest that no longer lists it, not on a deadline.
        const removed = () => statusReports(traffic, edition, deployment.deploymentId, removalMark).some((r) => r.state === 'removed');
        const ignoredRemoval = () => ignoredRemovalPoll(traffic, edition, deployment.deploymentId, removalMark);
        await happened(traffic.waitUntil(() => removed() || ignoredRemoval() !== undefined, { timeoutMs: waitMs, what: `a status report "removed" for deployment ${deployment.deploymentId}, or ${IGNORED_POLLS} polls of the manifest without it` }));
        if (!removed()) {
          const ignored = ignoredRemoval();
          if (!ignored) return [...findings, ...expired(['DS-028', 'DS-029'], { awaited: `a status report "removed" for deployment ${deployment.deploymentId}, which left the manifest`, waitMs, traffic, since: removalMark })];
          findings.push(fail('DS-028', `The device polled a manifest that no longer lists deployment ${deployment.deploymentId} ${IGNORED_POLLS} times (the last: ${requestLine(ignored)}) and reported neither removing nor removed (DS-028). Remove workloads the manifest no longer lists.`, ignored));
          // DS-029 asks for a report of every change of state; a deployment the device kept never changed state.
          return [...findings, { requirement: 'DS-029', outcome: 'indeterminate', message: `Not exercised for the removal: the device kept deployment ${deployment.deploymentId} (DS-028), so it never changed state and there was no removal whose reports DS-029 could judge.` }];
        }
        const removal = statusReports(traffic, edition, deployment.deploymentId, removalMark);
        if (!removal.some((r) => r.state === 'removing')) {
          findings.push(fail('DS-029', `The removal of deployment ${deployment.deploymentId} was reported as ${removal.map((r) => r.state).join(', ')}: removing was never reported (DS-029).`, removal[0]?.exchange));
        }
        return findings;
      }),
    ),
});
