import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { ATTACHED_REASON, type DeploymentType, type DeviceContext } from '../context.js';
import type { Session } from '../session.js';
import { finalReport, waitForFinalReports } from '../support/final-report.js';
import { expired, fail, guarded, passed, skip } from '../support/findings.js';
import { requestLine, statusReports, type StatusReport } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';
import { descriptionYaml, profileIdOf, type TestApplication } from '../support/test-application.js';

const REQUIREMENTS = ['DS-039', 'ST-008'];

interface Case {
  name: string;
  /** What makes the deployment unfit for this device, for messages. */
  what: string;
  /** Assigns the unfit deployment; undefined when the edition cannot express it. */
  assign(session: Session, context: DeviceContext): Promise<string> | undefined;
}

/**
 * The deployment types the device under test does not run: of helm, compose and (rc.3) custom, those its
 * own capabilities report does not list. A device started by hand reports what it has, which may be more
 * than the profile certifies.
 */
function otherTypes(context: DeviceContext, reported: readonly string[]): DeploymentType[] {
  const candidates: DeploymentType[] = ['helm', 'compose', ...(context.edition.profileTypes.custom !== undefined ? ['custom' as const] : [])];
  return candidates.filter((type) => type !== context.deploymentType && !reported.includes(type));
}

/** `supportedDeploymentTypes` of the device's capabilities (its latest report in this scenario, else the session's), or none. */
function reportedTypes(session: Session): string[] {
  const reports = session.mock.traffic.exchanges.filter((exchange) => exchange.route === 'capabilities' && exchange.json !== undefined);
  const latest = (reports[reports.length - 1]?.json ?? session.capabilities()) as { properties?: { supportedDeploymentTypes?: unknown } } | undefined;
  const types = latest?.properties?.supportedDeploymentTypes;
  return Array.isArray(types) ? types.filter((type): type is string => typeof type === 'string') : [];
}

/** Loads an application of `type` (not the profile's) into the mock WFM and assigns it to the device. */
async function assignOfType(session: Session, context: DeviceContext, type: DeploymentType, application: TestApplication): Promise<string> {
  const client = await session.client();
  session.mock.operator.loadPackage(descriptionYaml(context.edition, type, application));
  return session.mock.operator.createDeployment({ client, deviceId: session.deviceId, applicationId: application.id, profileId: profileIdOf(application) });
}

function casesOf(context: DeviceContext, reported: readonly string[]): Case[] {
  const typeCases: Case[] = otherTypes(context, reported).map((type) => ({
    name: `type-${type}`,
    what: `a ${context.edition.profileTypes[type] ?? type} profile, a type this device does not report${type === 'custom' ? ' (nor the custom runtime it needs)' : ''}`,
    assign: (session, ctx) => assignOfType(session, ctx, type, { id: `unfit-type-${type}`, components: [{ name: 'only' }] }),
  }));
  // rc.3 only: the deployment names its target in metadata.deviceId (DS-030); preview-1 documents name no device.
  const deviceCase: Case = {
    name: 'other-device',
    what: 'metadata.deviceId "another-device", not this device',
    assign: (session) => (context.edition.api.deploymentDocument.deviceIdPointer ? session.assign({ id: 'unfit-other-device', components: [{ name: 'only' }] }, 'another-device').then((a) => a.deploymentId) : undefined),
  };
  return [...typeCases, deviceCase];
}

/**
 * DS-039 (our reading, catalog note): a deployment the device cannot or must not run (a profile type it does
 * not report, a custom type without the custom runtime, rc.3 metadata.deviceId naming another device) is
 * reported failed with an error and nothing of it is installed. ST-008: that error has a code and a message.
 * Margo's sandbox kit never sends these; the mutant runs showed a device that installs them passed.
 */
export const unfitDeployment = defineCheck<DeviceContext>({
  id: 'device-api/unfit-deployment',
  title: 'A deployment of an unsupported type, or for another device, is reported failed with an error and never installed',
  requirements: REQUIREMENTS,
  // A device started by hand reports its own capabilities, so which types it does not run is not the
  // harness's to set; the scenario needs a device the harness configures.
  run: (context) =>
    !context.canRestart
      ? skip(REQUIREMENTS, `Not decided: ${ATTACHED_REASON}.`)
      : guarded(REQUIREMENTS, () =>
      withSession(context, 'unfit-deployment', async (session) => {
        await steady(session, context.waitMs);
        const assigned: { row: Case; deploymentId: string }[] = [];
        for (const row of casesOf(context, reportedTypes(session))) {
          const deploymentId = await row.assign(session, context);
          if (deploymentId !== undefined) assigned.push({ row, deploymentId });
        }
        const { traffic } = session.mock;
        const since = traffic.mark();
        await waitForFinalReports(traffic, context.edition, assigned.map((a) => a.deploymentId), context.waitMs);
        const findings: Finding[] = [];
        // DS-039 stands on every refusal carrying an error; ST-008 on those whose error is well formed.
        const refusals: StatusReport[] = [];
        const wellFormed: StatusReport[] = [];
        for (const { row, deploymentId } of assigned) {
          const reports = statusReports(traffic, context.edition, deploymentId);
          const started = reports.find((r) => r.state === 'installing' || r.state === 'installed');
          const final = finalReport(traffic, context.edition, deploymentId);
          if (started) {
            findings.push(fail('DS-039', `${requestLine(started.exchange)} reports deployment ${row.name} (${row.what}) ${started.state}; expected failed without installing anything (DS-039). Check the profile type and metadata.deviceId before touching any component.`, started.exchange));
            continue;
          }
          if (final === undefined) {
            findings.push(...expired(['DS-039', 'ST-008'], { awaited: `a failed status for deployment ${row.name} (${row.what})`, waitMs: context.waitMs, traffic, since }));
            continue;
          }
          if (final.error === undefined) {
            findings.push(fail('DS-039', `${requestLine(final.exchange)} reports deployment ${row.name} (${row.what}) failed without status.error; expected an error saying why (DS-039).`, final.exchange));
            continue;
          }
          refusals.push(final);
          const error = final.error as Record<string, unknown> | null;
          if (typeof error !== 'object' || error === null || typeof error['code'] !== 'string' || error['code'] === '' || typeof error['message'] !== 'string' || error['message'] === '') {
            findings.push(fail('ST-008', `${requestLine(final.exchange)} refuses deployment ${row.name} (${row.what}) with error ${JSON.stringify(final.error)}; an error object has a non-empty code and message (ST-008).`, final.exchange));
            continue;
          }
          wellFormed.push(final);
        }
        const cases = assigned.map((a) => a.row.name).join(', ');
        const verdict = (requirement: string, reports: StatusReport[], what: string): Finding[] => {
          if (!context.scope.has(requirement) || findings.some((f) => f.requirement === requirement)) return [];
          if (reports.length === 0) return [{ requirement, outcome: 'indeterminate', message: `Not exercised: no unfit deployment (${cases}) was refused with ${what}, so ${requirement} cannot be judged on one.` }];
          return passed([requirement], `Each unfit deployment (${cases}) was reported failed with ${what}, never installing.`, reports.map((r) => r.exchange));
        };
        return [...findings, ...verdict('DS-039', refusals, 'an error'), ...verdict('ST-008', wellFormed, 'an error code and message')];
      }),
    ),
});
