import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { HttpResponse } from '../../../core/http/index.js';
import type { WfmContext } from '../context.js';
import { decodedBody } from '../support/bytes.js';
import { fetchManifest, loadExampleApplication, pathOfUrl, reportDevice } from '../support/desired-state.js';
import { answered, fail, guarded, notExercised, passIfUndecided } from '../support/findings.js';
import { valueAt } from '../support/json-pointer.js';

/** DS-036 (rc.3) and DS-035 (preview-1) never share an edition: each finding is reported under both and the runner keeps the one in scope. */
const SHAPE = ['DS-035', 'DS-036'];
const REQUIREMENTS = ['PKG-022', ...SHAPE];

type Json = Record<string, unknown>;

interface Target {
  pointer: string;
  component: string;
}

/**
 * What the WFM renders into an ApplicationDeployment, against the package and the operator's input:
 * - PKG-022 (the WFM half): the operator enters a value for every setting (through the control adapter's
 *   create-deployment `parameters`), and each value reaches the deployment unchanged;
 * - DS-035/DS-036: each parameter's targets are the package's, narrowed to the profile's components, and
 *   each component's properties are the package's (rc.3 deviceConstraints are PKG-034's, package-extensions).
 */
export const deploymentRendering = defineCheck<WfmContext>({
  id: 'wfm-api/deployment-rendering',
  title: 'Deployment YAMLs carry the operator\'s parameter values, the package\'s parameter targets and component properties',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const application = await loadExampleApplication(context);
      const description = application.description;
      const profile = (description['deploymentProfiles'] as Json[]).find((p) => p['id'] === application.profileId) ?? {};
      const values = operatorValues(description);
      const client = await context.newClient('ds-036-render');
      const deviceId = 'device-1';
      await reportDevice(context, client, deviceId);
      const { deploymentId } = await context.control.createDeployment({ client: client.ref, deviceId, applicationId: application.applicationId, profileId: application.profileId, parameters: values });
      const manifest = await fetchManifest(client);
      const ref = (Array.isArray(manifest.value.deployments) ? manifest.value.deployments : []).find((r) => r?.deploymentId === deploymentId);
      if (!ref || typeof ref.url !== 'string') {
        return notExercised(REQUIREMENTS, `Not exercised: ${answered(manifest.response)} with a manifest that does not list deployment ${deploymentId} created through the control adapter, so its rendering cannot be judged (see API-008, DS-017).`, [manifest.response]);
      }
      const response = await client.call({ method: 'GET', path: pathOfUrl(ref.url) });
      let document: unknown;
      try {
        document = response.status === 200 ? parse(decodedBody(response).toString('utf8')) : undefined;
      } catch {
        document = undefined;
      }
      if (typeof document !== 'object' || document === null) {
        return notExercised(REQUIREMENTS, `Not exercised: ${answered(response)} without a YAML ApplicationDeployment for deployment ${deploymentId}, so its rendering cannot be judged (see DS-020, API-008).`, [manifest.response, response]);
      }
      const what = `${answered(response)} (deployment ${deploymentId})`;
      const findings = [
        ...judgeParameters({ what, response, description, profile, values, rendered: valueAt(document, '/spec/parameters') }),
        ...judgeProfile({ what, response, profile, rendered: valueAt(document, '/spec/deploymentProfile') }),
      ];
      return passIfUndecided(REQUIREMENTS, findings, `${what} carries the operator's value for each of ${Object.keys(values).join(', ')}, the package's targets and component properties.`, [response]);
    }),
});

/**
 * A value for every setting, each different from the package default where the setting's schema allows
 * another (an option not chosen, a number in range, a string the pattern still accepts), so a WFM that
 * renders the defaults is told apart from one that renders the operator's input.
 */
function operatorValues(description: Json): Record<string, unknown> {
  const parameters = (description['parameters'] ?? {}) as Record<string, Json>;
  const configuration = (description['configuration'] ?? {}) as { sections?: { settings?: { parameter?: string; schema?: string }[] }[]; schema?: Json[] };
  const schemas = new Map((configuration.schema ?? []).map((s) => [s['name'], s]));
  const values: Record<string, unknown> = {};
  for (const setting of (configuration.sections ?? []).flatMap((section) => section.settings ?? [])) {
    if (typeof setting.parameter !== 'string' || !(setting.parameter in parameters)) continue;
    values[setting.parameter] = otherValue(parameters[setting.parameter]?.['value'], schemas.get(setting.schema));
  }
  return values;
}

function otherValue(current: unknown, schema: Json | undefined): unknown {
  const options = schema?.['options'];
  if (Array.isArray(options)) return options.find((option) => option !== current) ?? current;
  if (typeof current === 'number') {
    const max = typeof schema?.['maxValue'] === 'number' ? schema['maxValue'] : Number.MAX_SAFE_INTEGER;
    return current + 1 <= max ? current + 1 : current - 1;
  }
  if (typeof current === 'string') return `${current}-operator`;
  return current;
}

/** Each parameter the profile's components use: the operator's value (PKG-022) and the package's targets (DS-035/DS-036). */
function judgeParameters(options: { what: string; response: HttpResponse; description: Json; profile: Json; values: Record<string, unknown>; rendered: unknown }): Finding[] {
  const { what, response } = options;
  const components = new Set(componentsOf(options.profile).map((c) => c['name']));
  const rendered = (typeof options.rendered === 'object' && options.rendered !== null ? options.rendered : {}) as Record<string, Json>;
  const findings: Finding[] = [];
  for (const [name, parameter] of Object.entries((options.description['parameters'] ?? {}) as Record<string, Json>)) {
    const expected = targetsOf(parameter).filter((t) => components.has(t.component));
    if (expected.length === 0) continue; // targets none of this profile's components: the WFM may leave it out
    const entry = rendered[name];
    if (entry === undefined) {
      findings.push(...SHAPE.map((id) => fail(id, `${what} has no spec.parameters.${name}, which targets ${expected.map(show).join(', ')} (${id}). Render every parameter the profile's components use, with its targets.`, response.exchange)));
      continue;
    }
    const value = name in options.values ? options.values[name] : parameter['value'];
    if (!isDeepStrictEqual(entry['value'], value)) {
      findings.push(fail('PKG-022', `${what} with spec.parameters.${name}.value ${JSON.stringify(entry['value'])}; the operator entered ${JSON.stringify(value)} for its setting (PKG-022). Render the value the operator entered, not the package default.`, response.exchange, { expected: value, actual: entry['value'] }));
    }
    // Targets of components outside the profile may be kept or dropped; inside it they must be the package's.
    const actual = targetsOf(entry).filter((t) => components.has(t.component));
    const missing = expected.filter((t) => !actual.some((a) => same(a, t)));
    const extra = actual.filter((a) => !expected.some((t) => same(a, t)));
    if (missing.length > 0 || extra.length > 0) {
      const problems = [...(missing.length > 0 ? [`lacks ${missing.map(show).join(', ')}`] : []), ...(extra.length > 0 ? [`adds ${extra.map(show).join(', ')}`] : [])].join(' and ');
      findings.push(...SHAPE.map((id) => fail(id, `${what}: spec.parameters.${name}.targets ${problems}, which the package does not name (${id}). Copy each parameter's targets from the application description.`, response.exchange, { expected: expected.map(show), actual: actual.map(show) })));
    }
  }
  return findings;
}

/** Components (by name, with their properties) as the package profile has them; rc.3 deviceConstraints are PKG-034's (package-extensions). */
function judgeProfile(options: { what: string; response: HttpResponse; profile: Json; rendered: unknown }): Finding[] {
  const { what, response, profile } = options;
  const rendered = (typeof options.rendered === 'object' && options.rendered !== null ? options.rendered : {}) as Json;
  const actual = new Map(componentsOf(rendered).map((c) => [c['name'], c]));
  const findings: Finding[] = [];
  for (const component of componentsOf(profile)) {
    const name = String(component['name']);
    const got = actual.get(name);
    if (!got) {
      findings.push(...SHAPE.map((id) => fail(id, `${what} has no component ${name} of profile ${String(profile['id'])} (${id}). Render every component of the chosen profile.`, response.exchange)));
    } else if (!isDeepStrictEqual(got['properties'], component['properties'])) {
      findings.push(...SHAPE.map((id) => fail(id, `${what}: component ${name} has properties ${JSON.stringify(got['properties'])}; the package gives ${JSON.stringify(component['properties'])} (${id}). Copy the component properties unchanged.`, response.exchange, { expected: component['properties'], actual: got['properties'] })));
    }
  }
  return findings;
}

function componentsOf(profile: Json): Json[] {
  const components = profile['components'];
  return Array.isArray(components) ? components.filter((c): c is Json => typeof c === 'object' && c !== null) : [];
}

function targetsOf(parameter: Json | undefined): Target[] {
  const targets = parameter?.['targets'];
  if (!Array.isArray(targets)) return [];
  return targets.flatMap((t: Json) => (Array.isArray(t?.['components']) ? (t['components'] as unknown[]).map((component) => ({ pointer: String(t['pointer']), component: String(component) })) : []));
}

const same = (a: Target, b: Target) => a.pointer === b.pointer && a.component === b.component;
const show = (t: Target) => `${t.pointer} on ${t.component}`;
