import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { finalReport, waitForFinalReports } from '../support/final-report.js';
import { fail, undecided } from '../support/findings.js';
import { CHILDREN, UNKNOWN_CHILD, capabilitiesReports, gatewayCapabilitiesFile, waitForGatewayReports } from '../support/gateway.js';
import { requestLine, type StatusReport } from '../support/observations.js';
import { configuredScenario } from '../support/session-scope.js';

const REQUIREMENTS = ['DEV-013', 'ST-010'];

/**
 * Feature gateway. Four deployments for a gateway that hosts nothing, with two reachable children and one
 * unreachable, listed first: `<gateway>/*` (the gateway places it: installed, deviceId a reachable child,
 * DEV-013, ST-010), one directed at a reachable child (deviceId that child, ST-010), one at a child the
 * gateway does not have (failed, code 101) and one at the unreachable child (failed, code 102), each
 * gateway error with `source` the gateway's deviceId (DEV-013, ST-010; our reading of the source rule is
 * in the catalog note). The 102 row is judged only when the gateway reported the unreachable child, i.e.
 * it knows it.
 */
export const gatewayPlacement = defineCheck<DeviceContext>({
  id: 'device-api/gateway-placement',
  title: 'A gateway places autonomous deployments on a child, names the hosting child and reports child failures with 101 or 102',
  requirements: REQUIREMENTS,
  run: (context) =>
    configuredScenario(context, REQUIREMENTS, 'gateway-placement', { capabilities: (deviceId) => gatewayCapabilitiesFile(context.edition, deviceId, context.deploymentType, false) }, async (session) => {
      const { traffic } = session.mock;
      const gatewayId = session.deviceId;
      await waitForGatewayReports(traffic, context.edition, gatewayId, context.waitMs);
      const component = [{ name: 'app' }];
      const targets = {
        autonomous: `${gatewayId}/*`,
        directed: `${gatewayId}/${CHILDREN.second}`,
        unknown: `${gatewayId}/${UNKNOWN_CHILD}`,
        unreachable: `${gatewayId}/${CHILDREN.unreachable}`,
      };
      const assigned: Record<keyof typeof targets, string> = { autonomous: '', directed: '', unknown: '', unreachable: '' };
      for (const [name, deviceId] of Object.entries(targets) as [keyof typeof targets, string][]) {
        assigned[name] = (await session.assign({ id: `placed-${name}`, components: component }, deviceId)).deploymentId;
      }
      await waitForFinalReports(traffic, context.edition, Object.values(assigned), context.waitMs);
      const final = (name: keyof typeof targets) => finalReport(traffic, context.edition, assigned[name]);
      const missing = (Object.keys(targets) as (keyof typeof targets)[]).filter((name) => !final(name));
      if (missing.length > 0) {
        return undecided(REQUIREMENTS, `No final status (installed or failed) arrived within ${context.waitMs} ms for the deployment(s) targeted at ${missing.map((name) => `"${targets[name]}"`).join(', ')}, so placement could not be judged.`);
      }
      const findings: Finding[] = [];
      const autonomous = final('autonomous') as StatusReport;
      const children = new Set(capabilitiesReports(traffic, context.edition).map((r) => r.deviceId).filter((id) => id.startsWith(`${gatewayId}/`)));
      if (autonomous.state !== 'installed') {
        findings.push(fail('DEV-013', `${requestLine(autonomous.exchange)} reports the deployment for "${targets.autonomous}" ${autonomous.state}; the gateway places an autonomous deployment on a child that can host it (DEV-013).`, autonomous.exchange));
      } else if (typeof autonomous.deviceId !== 'string' || !autonomous.deviceId.startsWith(`${gatewayId}/`) || autonomous.deviceId.endsWith('/*')) {
        for (const id of REQUIREMENTS) findings.push(fail(id, `${requestLine(autonomous.exchange)} reports deviceId ${JSON.stringify(autonomous.deviceId)} for the deployment placed by the gateway; expected the child that hosts it, one of ${[...children].join(', ')} (${id}).`, autonomous.exchange));
      } else if (autonomous.deviceId === targets.unreachable) {
        findings.push(fail('DEV-013', `${requestLine(autonomous.exchange)} reports the deployment for "${targets.autonomous}" installed on "${targets.unreachable}", a child the gateway cannot reach (reachable false in its capabilities file) (DEV-013). Place autonomous deployments on a child that can host them.`, autonomous.exchange));
      }
      const directed = final('directed') as StatusReport;
      if (directed.state === 'installed' && directed.deviceId !== targets.directed) {
        findings.push(fail('ST-010', `${requestLine(directed.exchange)} reports deviceId ${JSON.stringify(directed.deviceId)} for a deployment hosted by "${targets.directed}"; a gateway names the hosting child (ST-010).`, directed.exchange));
      } else if (directed.state !== 'installed') {
        findings.push(...undecided(['ST-010'], `The deployment directed at the reachable child "${targets.directed}" ended ${directed.state}, so the hosting deviceId could not be judged.`));
      }
      const rows: { name: 'unknown' | 'unreachable'; code: string; what: string }[] = [
        { name: 'unknown', code: '101', what: 'a child the gateway does not have' },
        ...(children.has(targets.unreachable) ? [{ name: 'unreachable' as const, code: '102', what: 'a child the gateway cannot reach' }] : []),
      ];
      for (const row of rows) {
        const report = final(row.name) as StatusReport;
        const error = (typeof report.error === 'object' && report.error !== null ? report.error : {}) as Record<string, unknown>;
        if (report.state !== 'failed' || error['code'] !== row.code) {
          for (const id of REQUIREMENTS) findings.push(fail(id, `${requestLine(report.exchange)} reports ${report.state} with error code ${JSON.stringify(error['code'])} for a deployment targeted at ${row.what} ("${targets[row.name]}"); expected failed with code "${row.code}" (${id}).`, report.exchange));
        } else if (error['source'] !== gatewayId) {
          findings.push(fail('ST-010', `${requestLine(report.exchange)} reports code ${row.code} with source ${JSON.stringify(error['source'])}; a gateway error names its source, the gateway "${gatewayId}" (ST-010).`, report.exchange));
        }
      }
      return findings;
    }),
});
