import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { answered, fail, guarded } from '../support/findings.js';

type Body = Record<string, unknown> & { properties: Record<string, unknown> };

interface Case {
  requirement: string;
  /** What is wrong, for the message. */
  defect: string;
  /** 400 for a malformed request (a member a closed schema forbids, a bad path), 422 for a field that breaks a rule. */
  expect: 400 | 422;
  change(body: Body, deviceId: string): Body;
  /** Whether the edition's capabilities path names the device (`{deviceId}`), which the case needs. */
  needsDevicePath?: boolean;
  deviceId?: string;
}

/**
 * One request per row, each changing one thing in a valid capabilities body. Rows whose requirement is
 * outside the run's scope are not sent. Readings (catalog notes): members a closed schema forbids make
 * the request malformed, 400 invalid-request (CAP-005); a parsed body with a missing, mistyped or
 * out-of-enumeration field, or one that contradicts its path, is a semantic error, 422 (CAP-004,
 * CAP-014, ERR-008, ERR-009).
 */
const CASES: Case[] = [
  { requirement: 'CAP-005', defect: 'apiVersion and kind in an rc.3 body', expect: 400, change: (b) => ({ apiVersion: 'device.margo.org/v1alpha1', kind: 'DeviceCapabilitiesManifest', ...b }) },
  { requirement: 'CAP-004', defect: 'kind "DeviceCapabilities"', expect: 422, change: (b) => ({ ...b, kind: 'DeviceCapabilities' }) },
  { requirement: 'CAP-006', defect: 'no properties.serialNumber', expect: 422, change: (b) => ({ ...b, properties: omit(b.properties, 'serialNumber') }) },
  { requirement: 'CAP-007', defect: 'role "Server"', expect: 422, change: (b) => ({ ...b, properties: { ...b.properties, roles: ['Server'] } }) },
  { requirement: 'CAP-011', defect: 'cpu architecture "x86_64"', expect: 422, change: (b) => withArchitecture(b, 'x86_64') },
  { requirement: 'CAP-016', defect: 'a label whose value is an object', expect: 422, change: (b) => ({ ...b, labels: { 'example.com/zone': { hall: 3 } } }) },
  { requirement: 'CAP-012', defect: 'deviceId "bad@device" outside the unreserved characters', expect: 400, needsDevicePath: true, deviceId: 'bad@device', change: (b) => b },
  { requirement: 'CAP-014', defect: 'properties.id different from the path deviceId', expect: 422, needsDevicePath: true, change: (b) => ({ ...b, properties: { ...b.properties, id: 'another-device' } }) },
];

export const capabilitiesValidation = defineCheck<WfmContext>({
  id: 'wfm-api/capabilities-validation',
  title: 'Capabilities bodies that break the schema or contradict their path are refused',
  requirements: [...new Set(CASES.map((c) => c.requirement))],
  run: (context) =>
    guarded(
      CASES.map((c) => c.requirement),
      async () => {
        const facts = apiFacts(context.edition);
        const client = await context.newClient('cap-validation');
        const create = context.edition.api.capabilities.create;
        const devicePath = context.edition.api.paths.capabilities.includes('{deviceId}');
        const findings: Finding[] = [];
        for (const [index, row] of CASES.entries()) {
          if (!context.scope.has(row.requirement)) continue;
          if (row.needsDevicePath && !devicePath) {
            findings.push({ requirement: row.requirement, outcome: 'skip', message: `The ${context.edition.id} capabilities path has no deviceId, so ${row.defect} cannot be sent (${row.requirement}).` });
            continue;
          }
          const deviceId = row.deviceId ?? `device-${index}`;
          const body = row.change(facts.capabilities(deviceId) as Body, deviceId);
          const response = await client.call({ method: create.method, endpoint: 'capabilities', params: { deviceId }, json: body });
          const expected = row.expect;
          if (response.status !== expected) {
            findings.push(fail(row.requirement, `${answered(response)} to a capabilities body with ${row.defect}; expected ${expected} (${row.requirement}). Validate the body and refuse it with ${expected}.`, response.exchange, { expected, actual: response.status }));
          }
        }
        return findings;
      },
    ),
});

function omit(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
}

/** Sets the architecture wherever the edition's body has it (rc.3 `cpus[]`, preview-1 `resources.cpu`). */
function withArchitecture(body: Body, architecture: string): Body {
  const properties = { ...body.properties };
  if (Array.isArray(properties.cpus)) properties.cpus = [{ cores: 4, architecture }];
  const resources = properties.resources as Record<string, unknown> | undefined;
  if (resources) properties.resources = { ...resources, cpu: { cores: 4, architecture } };
  return { ...body, properties };
}
