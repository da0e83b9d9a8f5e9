import { isDeepStrictEqual } from 'node:util';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { fail, skip, undecided } from '../support/findings.js';
import { CHILDREN, HOSTING_FIELDS, capabilitiesReports, gatewayCapabilitiesFile, reportsHosting, waitForGatewayReports } from '../support/gateway.js';
import { requestLine } from '../support/observations.js';
import { configuredScenario } from '../support/session-scope.js';

const REQUIREMENTS = ['CAP-009', 'CAP-013', 'DEV-010'];

/**
 * Feature gateway. A gateway that hosts no workloads, with three children behind it (launch contract: the
 * capabilities file lists them): it reports itself before any child (CAP-013, DEV-010), every child under
 * `<gateway>/<child>` with that id in properties.id and the child's own properties from the file, the
 * unreachable child included (DEV-010), and its own report leaves out every hosting field, otelCollector
 * included (CAP-009). A gateway that reports itself as hosting is judged by DEV-011.
 */
export const gatewayCapabilities = defineCheck<DeviceContext>({
  id: 'device-api/gateway-capabilities',
  title: 'A see-thru gateway reports itself first, then each child under a hierarchical deviceId, without hosting fields of its own',
  requirements: REQUIREMENTS,
  run: (context) =>
    configuredScenario(context, REQUIREMENTS, 'gateway-capabilities', { capabilities: (deviceId) => gatewayCapabilitiesFile(context.edition, deviceId, context.deploymentType, false) }, async (session) => {
      const { traffic } = session.mock;
      const gatewayId = session.deviceId;
      await waitForGatewayReports(traffic, context.edition, gatewayId, context.waitMs);
      const reports = capabilitiesReports(traffic, context.edition);
      const own = reports.find((r) => r.deviceId === gatewayId);
      if (!own) return undecided(REQUIREMENTS, `The gateway sent no capabilities report for itself ("${gatewayId}") within ${context.waitMs} ms, so its reporting could not be judged.`);
      const findings: Finding[] = [];
      const early = reports.find((r) => r.deviceId.startsWith(`${gatewayId}/`) && r.exchange.seq < own.exchange.seq);
      if (early) {
        for (const id of ['CAP-013', 'DEV-010']) findings.push(fail(id, `${requestLine(early.exchange)} reports child "${early.deviceId}" before the gateway reported itself (${id}). Report the gateway first, then the devices behind it.`, early.exchange));
      }
      for (const child of Object.values(CHILDREN)) {
        const childId = `${gatewayId}/${child}`;
        const report = reports.find((r) => r.deviceId === childId && r.accepted) ?? reports.find((r) => r.deviceId === childId);
        if (!report) {
          findings.push(fail('DEV-010', `The gateway never reported child "${child}" of its capabilities file under deviceId "${childId}" within ${context.waitMs} ms (DEV-010). Report every device behind the gateway under <gateway>/<child>.`));
        } else if (report.properties['id'] !== childId) {
          findings.push(fail('DEV-010', `${requestLine(report.exchange)} reports properties.id ${JSON.stringify(report.properties['id'])}; a child's id is its full hierarchical deviceId "${childId}" (DEV-010).`, report.exchange));
        } else {
          const given = session.capabilities().children?.find((entry) => entry.properties['id'] === child)?.properties ?? {};
          const differing = Object.keys(given).filter((name) => name !== 'id' && !isDeepStrictEqual(report.properties[name], given[name]));
          if (differing.length > 0) findings.push(fail('DEV-010', `${requestLine(report.exchange)} reports ${differing.map((name) => `${name} ${report.properties[name] === undefined ? 'missing' : JSON.stringify(report.properties[name])}`).join(', ')} for child "${childId}"; its capabilities file gives ${differing.map((name) => JSON.stringify(given[name])).join(', ')} (DEV-010). Report each child with its own capabilities.`, report.exchange));
        }
      }
      if (reportsHosting(own.properties)) {
        findings.push(...skip(['CAP-009'], `The gateway reports itself as hosting workloads (${requestLine(own.exchange)} names a runtime or deployment type), so the rule for a gateway that hosts none does not apply; DEV-011 judges hosting gateways.`));
      } else {
        const present = HOSTING_FIELDS.filter((field) => own.properties[field] !== undefined);
        if (present.length > 0) findings.push(fail('CAP-009', `${requestLine(own.exchange)} reports ${present.join(', ')} for a gateway that hosts no workloads; such a gateway leaves out every hosting field, otelCollector included (CAP-009).`, own.exchange));
      }
      return findings;
    }),
});
