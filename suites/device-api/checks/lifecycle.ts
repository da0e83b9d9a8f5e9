import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { expired, fail, guarded, happened } from '../support/findings.js';
import { IGNORED_POLLS, failedReport, ignoredChange, requestLine, statusReports, waitForState } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

const REQUIREMENTS = ['DS-028', 'DS-029', 'ST-011'];
/** Reports that show the device acting on a removal. */
const REMOVAL_REACTIONS = ['removing', 'removed', 'failed'];

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
        if (!(await happened(waitForState(traffic, edition, deployment.deploymentId, 'removed', { since: removalMark, timeoutMs: waitMs })))) {
          const ignoredRemoval = ignoredChange(traffic, edition, deployment.deploymentId, removalMark, REMOVAL_REACTIONS);
          if (ignoredRemoval) {
            findings.push(fail('DS-028', `${requestLine(ignoredRemoval)} was the device's ${IGNORED_POLLS}th manifest poll since deployment ${deployment.deploymentId} left the manifest, and it reported neither removing nor removed (DS-028). Remove workloads the manifest no longer lists.`, ignoredRemoval));
            return [...findings, ...expired(['DS-029'], { awaited: `a status report "removed" for deployment ${deployment.deploymentId}`, waitMs, traffic, since: removalMark })];
          }
          return [...findings, ...expired(['DS-028', 'DS-029'], { awaited: `a status report "removed" for deployment ${deployment.deploymentId}, which left the manifest`, waitMs, traffic, since: removalMark })];
        }
        const removal = statusReports(traffic, edition, deployment.deploymentId, removalMark);
        if (!removal.some((r) => r.state === 'removing')) {
          findings.push(fail('DS-029', `The removal of deployment ${deployment.deploymentId} was reported as ${removal.map((r) => r.state).join(', ')}: removing was never reported (DS-029).`, removal[0]?.exchange));
        }
        return findings;
      }),
    ),
});
