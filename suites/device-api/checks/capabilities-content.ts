import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { routeOf } from '../../../instruments/mock-wfm/index.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded, undecided } from '../support/findings.js';
import { requestLine } from '../support/observations.js';

const DEVICE_ID = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;
/** CAP-008: what a workload-hosting device reports beside its identity (rc.3 names). */
const HOSTING_FIELDS = ['cpus', 'memory', 'storage', 'peripherals', 'interfaces'];

const REQUIREMENTS = ['CAP-008', 'CAP-012', 'CAP-014', 'DEV-004'];

/**
 * What the capabilities say (the schema rows are judged by request-conformance): the path's deviceId
 * shape (CAP-012), properties.id naming the device of the path or the one configured (CAP-014), and for
 * the workload-hosting device under test the hosting fields, otelCollector true and a runtime and a
 * deployment type including the profile's (CAP-008, DEV-004).
 */
export const capabilitiesContent = defineCheck<DeviceContext>({
  id: 'device-api/capabilities-content',
  title: 'The capabilities name the device and, for a hosting device, its resources, collector, runtimes and deployment types',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const { session } = await context.baseline();
      const reports = session.mock.traffic.exchanges.filter((e) => e.route === 'capabilities' && e.method !== 'DELETE');
      const report = reports[0];
      if (!report) return undecided(REQUIREMENTS, 'The device sent no capabilities report in the baseline scenario, so its content could not be judged.');
      const findings: Finding[] = [];
      const pathDeviceId = routeOf(context.edition, report.method, report.path)?.params['deviceId'];
      if (pathDeviceId !== undefined && !DEVICE_ID.test(pathDeviceId)) {
        findings.push(fail('CAP-012', `${requestLine(report)} names deviceId "${pathDeviceId}", which is not slash-separated RFC 3986 unreserved segments (CAP-012). Use e.g. gateway-1/child-2.`, report));
      }
      const properties = (((report.json ?? {}) as Record<string, unknown>)['properties'] ?? {}) as Record<string, unknown>;
      const expectedId = pathDeviceId ?? session.deviceId;
      if (properties['id'] !== expectedId) {
        findings.push(fail('CAP-014', `${requestLine(report)} reports properties.id ${JSON.stringify(properties['id'])}; expected "${expectedId}", the device the request is about (CAP-014). Report the device's own id.`, report));
      }
      const missing = HOSTING_FIELDS.filter((field) => properties[field] === undefined);
      if (missing.length > 0) findings.push(fail('CAP-008', `${requestLine(report)} leaves out ${missing.join(', ')} although the device hosts workloads (CAP-008). Report its resources.`, report));
      if (properties['otelCollector'] !== true) findings.push(fail('CAP-008', `${requestLine(report)} reports otelCollector ${JSON.stringify(properties['otelCollector'])}; a hosting device reports true (CAP-008).`, report));
      const runtimes = Array.isArray(properties['supportedRuntimes']) ? properties['supportedRuntimes'] : [];
      const types = Array.isArray(properties['supportedDeploymentTypes']) ? properties['supportedDeploymentTypes'] : [];
      if (runtimes.length === 0 || types.length === 0) {
        findings.push(fail('CAP-008', `${requestLine(report)} reports ${runtimes.length} runtimes and ${types.length} deployment types; a hosting device reports at least one of each (CAP-008).`, report));
      }
      if (!types.includes(context.deploymentType)) {
        findings.push(fail('DEV-004', `${requestLine(report)} reports deployment types ${JSON.stringify(types)}, without "${context.deploymentType}", the type this profile certifies (DEV-004). Report every deployment type the device supports.`, report));
      }
      if (properties['otelCollector'] !== true || runtimes.length === 0) {
        findings.push(fail('DEV-004', `${requestLine(report)} does not report a runtime and a running OpenTelemetry collector (DEV-004).`, report));
      }
      return findings;
    }),
});
