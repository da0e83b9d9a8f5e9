import { EDITIONS } from '../../../core/catalog/editions.js';
import type { EditionId } from '../../../core/catalog/types.js';
import { parseYaml, pointerTokens } from '../../../core/input/parse-yaml.js';

/** What the WFM needs from an application description to build deployments. */
export interface ApplicationDescription {
  applicationId: string;
  deploymentProfiles: Record<string, unknown>[];
  parameters: Record<string, { value?: unknown; targets?: { pointer: string; components: string[] }[] }>;
}

/**
 * Reads a description of either edition with the safe YAML parser. The application id is looked up
 * at the running edition's `applicationIdPointer` first, then at the other editions' pointers, so a
 * package of either shape loads.
 */
export function readApplicationDescription(yamlText: string, edition: EditionId): ApplicationDescription | { error: string } {
  const parsed = parseYaml(yamlText);
  if (parsed.problems.length > 0 || !isObject(parsed.value)) {
    return { error: `The description is not a YAML mapping: ${parsed.problems[0]?.message ?? 'wrong top-level type'}.` };
  }
  const description = parsed.value;
  const pointers = [EDITIONS[edition].applicationIdPointer, ...Object.values(EDITIONS).map((e) => e.applicationIdPointer)];
  const applicationId = pointers.map((pointer) => valueAt(description, pointer)).find((value) => typeof value === 'string');
  if (typeof applicationId !== 'string' || !/^[-a-z0-9]{1,200}$/.test(applicationId)) {
    return { error: 'The description has no application id of lower-case letters, digits and dashes.' };
  }
  const profiles = description['deploymentProfiles'];
  if (!Array.isArray(profiles) || profiles.length === 0 || !profiles.every((p) => isObject(p) && typeof p['id'] === 'string')) {
    return { error: 'The description has no deploymentProfiles with an id each.' };
  }
  const parameters = isObject(description['parameters']) ? description['parameters'] : {};
  return { applicationId, deploymentProfiles: profiles as Record<string, unknown>[], parameters: parameters as ApplicationDescription['parameters'] };
}

function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const token of pointerTokens(pointer)) {
    if (!isObject(node)) return undefined;
    node = node[token];
  }
  return node;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
