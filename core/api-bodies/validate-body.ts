import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Edition } from '../catalog/editions.js';
import { fromPackageRoot } from '../package-root.js';

/** The bodies our schemas describe, by their `$defs` name (not every edition has every one). */
export type BodyKind =
  | 'StateManifest'
  | 'DeviceCapabilitiesManifest'
  | 'DeploymentStatusManifest'
  | 'ProblemDetail'
  | 'ApplicationDeployment'
  | 'DiscoveryDocument'
  | 'SpiffeBundle'
  | 'OnboardingCertificateResponse'
  | 'OnboardingRequest'
  | 'OnboardingResponse';

/** One schema violation, with the catalog row the violated node decides. */
export interface BodyProblem {
  requirement: string;
  /** RFC 6901 pointer into the body. */
  pointer: string;
  problem: string;
}

/** Where a node names no requirement: the body does not match the edition's OpenAPI contract. */
const CONTRACT_REQUIREMENT = 'API-008';

interface Compiled {
  document: Record<string, unknown>;
  ajv: Ajv2020;
  requirements: Map<object, string | undefined>;
  validators: Map<string, ValidateFunction>;
}

const addFormats = addFormatsModule.default;

const compiled = new Map<string, Compiled>();

/** The edition's schema document, as loaded (for the official cross-check). */
export function bodySchemaDocument(edition: Edition): Record<string, unknown> {
  return compile(edition).document;
}

/** Validates a parsed body against our schema for the edition; an empty list when it conforms. */
export function validateBody(edition: Edition, kind: BodyKind, value: unknown): BodyProblem[] {
  const schema = compile(edition);
  let validate = schema.validators.get(kind);
  if (!validate) {
    const found = schema.ajv.getSchema(`${String(schema.document.$id)}#/$defs/${kind}`);
    if (!found) throw new Error(`${edition.api.schema} has no $defs/${kind}`);
    validate = found;
    schema.validators.set(kind, validate);
  }
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: BodyProblem[] = [];
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue;
    const problem = toProblem(schema, error);
    const key = `${problem.pointer}\u0000${problem.requirement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function compile(edition: Edition): Compiled {
  const cached = compiled.get(edition.api.schema);
  if (cached) return cached;
  const document = JSON.parse(readFileSync(fromPackageRoot('core', 'api-bodies', 'schemas', edition.api.schema), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, verbose: true });
  ajv.addKeyword('x-requirement');
  // ProblemDetail type and instance are URI references (RFC 9457 section 3.1).
  addFormats(ajv, ['uri-reference']);
  ajv.addSchema(document);
  const requirements = new Map<object, string | undefined>();
  const defs = (document.$defs ?? {}) as Record<string, unknown>;
  for (const def of Object.values(defs)) mapRequirements(def, undefined, requirements);
  const result = { document, ajv, requirements, validators: new Map<string, ValidateFunction>() };
  compiled.set(edition.api.schema, result);
  return result;
}

/** Each node gets its own `x-requirement` or the nearest one above it inside the same `$defs` entry. */
function mapRequirements(node: unknown, inherited: string | undefined, into: Map<object, string | undefined>): void {
  if (typeof node !== 'object' || node === null) return;
  const own = (node as Record<string, unknown>)['x-requirement'];
  const requirement = typeof own === 'string' ? own : inherited;
  into.set(node, requirement);
  for (const child of Object.values(node)) {
    if (Array.isArray(child)) for (const item of child) mapRequirements(item, requirement, into);
    else mapRequirements(child, requirement, into);
  }
}

function toProblem(schema: Compiled, error: ErrorObject): BodyProblem {
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
  const property = missing ?? extra;
  const pointer = property === undefined ? error.instancePath : `${error.instancePath}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const own = missing !== undefined ? (parent.properties as Record<string, object> | undefined)?.[missing] : undefined;
  const requirement = (own ? schema.requirements.get(own) : undefined) ?? schema.requirements.get(parent) ?? CONTRACT_REQUIREMENT;
  return { requirement, pointer: pointer || '/', problem: describe(error, property) };
}

function describe(error: ErrorObject, property: string | undefined): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${property} is missing`;
    case 'additionalProperties':
      return `${property} is not defined by the schema`;
    case 'const':
      return `is ${show(error.data)}; expected ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `is ${show(error.data)}; expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format':
      return `is ${show(error.data)}, which is not a${params.format === 'uri-reference' ? ' URI reference' : ` ${String(params.format)}`}`;
    case 'pattern':
      return `is ${show(error.data)}, which does not match ${String(params.pattern)}`;
    case 'type':
      return `is ${error.data === null ? 'null' : Array.isArray(error.data) ? 'an array' : typeof error.data}; expected ${String(params.type)}`;
    default:
      return `${error.message ?? `fails ${error.keyword}`} (is ${show(error.data)})`;
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
