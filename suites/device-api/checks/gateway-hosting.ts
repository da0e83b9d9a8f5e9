import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { fail, passed, skip, undecided } from '../support/findings.js';
import { HOSTING_FIELDS, capabilitiesReports, gatewayCapabilitiesFile, reportsHosting, waitForGatewayReports } from '../support/gateway.js';
import { requestLine } from '../support/observations.js';
import { configuredScenario } from '../support/session-scope.js';

const REQUIREMENTS = ['DEV-011'];

/**
 * Feature gateway. A gateway that also hosts workloads (its capabilities file says so) reports the hosting
 * fields like any hosting device: resources, otelCollector true, at least one runtime and one deployment
 * type (DEV-011). A gateway that still reports no runtime and no deployment type hosts nothing here, and
 * the rule does not apply to it.
 */
export const gatewayHosting = defineCheck<DeviceContext>({
  id: 'device-api/gateway-hosting',
  title: 'A gateway that hosts workloads reports the hosting fields with a runtime and a deployment type',
  requirements: REQUIREMENTS,
  run: (context) =>
    configuredScenario(context, REQUIREMENTS, 'gateway-hosting', { capabilities: (deviceId) => gatewayCapabilitiesFile(context.edition, deviceId, context.deploymentType, true) }, async (session) => {
      const { traffic } = session.mock;
      await waitForGatewayReports(traffic, context.edition, session.deviceId, context.waitMs);
      const own = capabilitiesReports(traffic, context.edition).find((r) => r.deviceId === session.deviceId);
      if (!own) return undecided(REQUIREMENTS, `The gateway sent no capabilities report for itself ("${session.deviceId}") within ${context.waitMs} ms.`);
      const { properties } = own;
      if (!reportsHosting(properties)) {
        return skip(REQUIREMENTS, `${requestLine(own.exchange)} names no runtime and no deployment type although the capabilities file describes a hosting gateway: the gateway hosts no workloads, so DEV-011 does not apply (CAP-009 judges it).`);
      }
      const missing = HOSTING_FIELDS.filter((field) => properties[field] === undefined);
      const count = (name: string) => (Array.isArray(properties[name]) ? (properties[name] as unknown[]).length : 0);
      const problems = [
        ...(missing.length > 0 ? [`leaves out ${missing.join(', ')}`] : []),
        ...(properties['otelCollector'] !== undefined && properties['otelCollector'] !== true ? [`reports otelCollector ${JSON.stringify(properties['otelCollector'])}`] : []),
        ...(count('supportedRuntimes') === 0 ? ['names no runtime'] : []),
        ...(count('supportedDeploymentTypes') === 0 ? ['names no deployment type'] : []),
      ];
      if (problems.length === 0) return passed(['DEV-011'], `${requestLine(own.exchange)} reported every field of a hosting gateway, otelCollector true, a runtime and a deployment type.`, [own.exchange]);
      return [fail('DEV-011', `${requestLine(own.exchange)} ${problems.join(', ')}; a gateway that hosts workloads reports cpus, memory, storage, peripherals, interfaces, otelCollector true and at least one runtime and deployment type (DEV-011).`, own.exchange)];
    }),
});
