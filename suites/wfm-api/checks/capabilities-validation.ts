import type { ClosedEnumeration, Edition, EnumeratedField } from '../../../core/catalog/editions.js';
import type { HttpResponse } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { mediaTypeOf, parseJson } from '../support/bytes.js';
import { answered, fail, guarded, passIfUndecided, skip } from '../support/findings.js';

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
const FIXED_CASES: Case[] = [
  { requirement: 'CAP-005', defect: 'apiVersion and kind in an rc.3 body', expect: 400, change: (b) => ({ apiVersion: 'device.margo.org/v1alpha1', kind: 'DeviceCapabilitiesManifest', ...b }) },
  { requirement: 'CAP-004', defect: 'kind "DeviceCapabilities"', expect: 422, change: (b) => ({ ...b, kind: 'DeviceCapabilities' }) },
  { requirement: 'CAP-006', defect: 'no properties.serialNumber', expect: 422, change: (b) => ({ ...b, properties: omit(b.properties, 'serialNumber') }) },
  // MSB step-5.1: an empty object has none of the required members (properties, and in preview-1 the envelope).
  { requirement: 'CAP-006', defect: 'an empty {} body', expect: 422, change: () => ({}) as Body },
  // MSB step-core-1.5: cores is required in every cpu entry (OAS-RC3 cpus[].cores, OAS-PR1b resources.cpu.cores).
  { requirement: 'API-008', defect: 'a cpu entry without cores', expect: 422, change: (b) => withCpu(b, { architecture: 'amd64' }) },
  { requirement: 'CAP-016', defect: 'a label whose value is an object', expect: 422, change: (b) => ({ ...b, labels: { 'example.com/zone': { hall: 3 } } }) },
  { requirement: 'CAP-012', defect: 'deviceId "bad@device" outside the unreserved characters', expect: 400, needsDevicePath: true, deviceId: 'bad@device', change: (b) => b },
  { requirement: 'CAP-014', defect: 'properties.id different from the path deviceId', expect: 422, needsDevicePath: true, change: (b) => ({ ...b, properties: { ...b.properties, id: 'another-device' } }) },
];

/** One row per enumeration the edition closes (edition data: `Edition.api.closedEnumerations`), sending a value outside it. */
function enumerationCases(edition: Edition): Case[] {
  return edition.api.closedEnumerations.map((row: ClosedEnumeration) => {
    if (row.values.includes(row.outside)) throw new Error(`editions.ts: ${edition.id} ${row.field} sample "${row.outside}" is inside the enumeration.`);
    return { requirement: row.requirement, defect: `${FIELD_NAMES[row.field]} "${row.outside}"`, expect: 422 as const, change: (b: Body) => withEnumerated(b, row.field, row.outside) };
  });
}

const FIELD_NAMES: Record<EnumeratedField, string> = {
  architecture: 'cpu architecture',
  peripheralType: 'peripheral type',
  interfaceType: 'interface type',
  runtime: 'supported runtime',
  deploymentType: 'supported deployment type',
  role: 'role',
};

const casesOf = (edition: Edition): Case[] => [...FIXED_CASES, ...enumerationCases(edition)];
const ALL_REQUIREMENTS = [...new Set([...FIXED_CASES.map((c) => c.requirement), 'CAP-007', 'CAP-011'])];
/** Judged on each refusal of an edition whose errors are problem details: the media type (ERR-001) and the registered type (ERR-002). */
const PROBLEM_REQUIREMENTS = ['ERR-001', 'ERR-002'];

export const capabilitiesValidation = defineCheck<WfmContext>({
  id: 'wfm-api/capabilities-validation',
  title: 'Capabilities bodies that break the schema or contradict their path are refused, and every enumerated value is accepted',
  requirements: [...ALL_REQUIREMENTS, ...PROBLEM_REQUIREMENTS],
  run: (context) =>
    guarded(
      [...ALL_REQUIREMENTS, ...PROBLEM_REQUIREMENTS],
      async () => {
        const cases = casesOf(context.edition);
        const facts = apiFacts(context.edition);
        const client = await context.newClient('cap-validation');
        const create = context.edition.api.capabilities.create;
        const devicePath = context.edition.api.paths.capabilities.includes('{deviceId}');
        const findings: Finding[] = [];
        const sent = new Map<string, HttpResponse[]>();
        const problems: HttpResponse[] = [];
        for (const [index, row] of cases.entries()) {
          if (!context.scope.has(row.requirement)) continue;
          if (row.needsDevicePath && !devicePath) {
            findings.push({ requirement: row.requirement, outcome: 'skip', message: `The ${context.edition.id} capabilities path has no deviceId, so ${row.defect} cannot be sent (${row.requirement}).` });
            continue;
          }
          const deviceId = row.deviceId ?? `device-${index}`;
          const body = row.change(facts.capabilities(deviceId) as Body, deviceId);
          const response = await client.call({ method: create.method, endpoint: 'capabilities', params: { deviceId }, json: body });
          sent.set(row.requirement, [...(sent.get(row.requirement) ?? []), response]);
          const expected = row.expect;
          if (response.status !== expected) {
            findings.push(fail(row.requirement, `${answered(response)} to a capabilities body with ${row.defect}; expected ${expected} (${row.requirement}). Validate the body and refuse it with ${expected}.`, response.exchange, { expected, actual: response.status }));
            continue;
          }
          const problem = problemFindings(context, response, expected === 400 ? 'invalid-request' : 'semantic-error', row.defect);
          if (problem !== undefined) {
            findings.push(...problem);
            problems.push(response);
          }
        }
        // The other half of a closed list: each value the edition allows is accepted, one fresh device per value.
        for (const [index, row] of context.edition.api.closedEnumerations.entries()) {
          if (!context.scope.has(row.requirement)) continue;
          for (const [valueIndex, value] of row.values.entries()) {
            const deviceId = `device-allowed-${index}-${valueIndex}`;
            const response = await client.call({ method: create.method, endpoint: 'capabilities', params: { deviceId }, json: withEnumerated(facts.capabilities(deviceId) as Body, row.field, value) });
            sent.set(row.requirement, [...(sent.get(row.requirement) ?? []), response]);
            if (response.status !== create.status) {
              findings.push(fail(row.requirement, `${answered(response)} to a valid capabilities body with ${FIELD_NAMES[row.field]} "${value}", which the ${context.edition.id} enumeration lists; expected ${create.status} (${row.requirement}). Accept every value of the edition's enumeration.`, response.exchange, { expected: create.status, actual: response.status }));
            }
          }
        }
        const verdicts = [...sent].flatMap(([requirement, responses]) => passIfUndecided([requirement], findings.filter((f) => f.requirement === requirement), `Each capabilities body with a defect under ${requirement} was refused with the status the edition requires, and each sent to show a listed value accepted was accepted.`, responses));
        // No refusal judged here (its rows out of scope, or not problem details): this check says nothing on ERR-001/ERR-002.
        const problemVerdicts = problems.length === 0 ? skip(PROBLEM_REQUIREMENTS, 'No capabilities refusal was judged in this run, so this check adds nothing to ERR-001 and ERR-002.') : passIfUndecided(PROBLEM_REQUIREMENTS.filter((id) => context.scope.has(id)), findings.filter((f) => PROBLEM_REQUIREMENTS.includes(f.requirement)), 'Each refusal was application/problem+json with the registered Margo problem type.', problems);
        return [...verdicts, ...problemVerdicts];
      },
    ),
});

/**
 * rc.3 refusals are problem details (ERR-001) of the registered type (ERR-002, PT-RC3: 400 invalid-request,
 * 422 semantic-error); an edition whose errors are ad hoc JSON (preview-1) is judged on status only: undefined.
 */
function problemFindings(context: WfmContext, response: HttpResponse, name: string, defect: string): Finding[] | undefined {
  const base = apiFacts(context.edition).problemTypeBase;
  if (base === undefined || context.edition.api.errorMediaType !== 'application/problem+json') return undefined;
  const findings: Finding[] = [];
  const mediaType = mediaTypeOf(response);
  if (context.scope.has('ERR-001') && mediaType !== 'application/problem+json') {
    findings.push(fail('ERR-001', `${answered(response)} to a capabilities body with ${defect} with Content-Type ${JSON.stringify(mediaType ?? null)}; expected application/problem+json (ERR-001). Send errors as RFC 9457 problem details.`, response.exchange));
  }
  const body = parseJson(response.body)?.value;
  const type = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['type'] : undefined;
  if (context.scope.has('ERR-002') && type !== `${base}${name}`) {
    findings.push(fail('ERR-002', `${answered(response)} to a capabilities body with ${defect} with problem type ${JSON.stringify(type ?? null)}; expected ${base}${name} (ERR-002). Use the registered Margo type for this error.`, response.exchange));
  }
  return findings;
}

function omit(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
}

/** Sets the cpu entry wherever the edition's body has it (rc.3 `cpus[]`, preview-1 `resources.cpu`). */
function withCpu(body: Body, cpu: Record<string, unknown>): Body {
  const properties = { ...body.properties };
  if (Array.isArray(properties.cpus)) properties.cpus = [cpu];
  const resources = properties.resources as Record<string, unknown> | undefined;
  if (resources) properties.resources = { ...resources, cpu };
  return { ...body, properties };
}

/** Puts `value` in the enumerated field, wherever the edition's body has it (rc.3 at the top of properties, preview-1 under resources). */
function withEnumerated(body: Body, field: EnumeratedField, value: string): Body {
  if (field === 'architecture') return withCpu(body, { cores: 4, architecture: value });
  if (field === 'role') return { ...body, properties: { ...body.properties, roles: [value] } };
  if (field === 'runtime') return { ...body, properties: { ...body.properties, supportedRuntimes: [value] } };
  if (field === 'deploymentType') return { ...body, properties: { ...body.properties, supportedDeploymentTypes: [value] } };
  const member = field === 'peripheralType' ? 'peripherals' : 'interfaces';
  const resources = body.properties.resources as Record<string, unknown> | undefined;
  if (resources) return { ...body, properties: { ...body.properties, resources: { ...resources, [member]: [{ type: value }] } } };
  return { ...body, properties: { ...body.properties, [member]: [{ type: value }] } };
}
