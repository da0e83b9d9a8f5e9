import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Edition } from '../../../core/catalog/editions.js';
import { fromPackageRoot } from '../../../core/package-root.js';
import type { Check } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { dottedPath, isRecord, locate } from '../description.js';
import type { PackageContext } from '../package.js';

const REQUIREMENTS = [
  'PKG-002', 'PKG-006', 'PKG-007', 'PKG-008', 'PKG-009', 'PKG-010', 'PKG-011', 'PKG-012', 'PKG-013',
  'PKG-014', 'PKG-018', 'PKG-019', 'PKG-020', 'PKG-038', 'PKG-042', 'PKG-044', 'PKG-045', 'PKG-046',
];
/** A description that does not parse or is not a mapping; also where an error no schema node claims would land. */
const DOCUMENT_REQUIREMENT = 'PKG-006';
/** A field the edition's schema does not define (a SHOULD, so a warning). */
const UNKNOWN_FIELD_REQUIREMENT = 'PKG-042';
/** An `x-` key where extensions are allowed that is not a well-formed `x-<name>-extensions` key. */
const EXTENSION_REQUIREMENT = 'PKG-038';

/** A schema compiled once, with the requirement each of its nodes decides. */
interface CompiledSchema {
  validate: ValidateFunction;
  /** Schema node -> its own `x-requirement`, or the nearest one above it inside the same root or `$defs` entry. */
  requirements: Map<object, string | undefined>;
}

/** One ajv error read as a finding; `unmapped` marks an error no schema node claimed (a schema bug). */
export interface SchemaFinding extends Finding {
  evidence: { keyword: string; schemaPath: string; params: Record<string, unknown>; unmapped?: true };
}

export const descriptionSchema: Check<PackageContext> = {
  id: 'package-format/description-schema',
  title: "Application description matches the edition's schema",
  requirements: REQUIREMENTS,
  run(context) {
    const { description, descriptionFile } = context.pkg;
    // Only this check reports a description that cannot be read; the others skip (see withDescription).
    if (description.problems.length > 0) return [...parseFailures(context), ...skipOthers(descriptionFile, 'did not parse')];
    const findings = validateDescription(context);
    return isRecord(description.value) ? findings : [...findings, ...skipOthers(descriptionFile, 'is not a mapping')];
  },
};

function parseFailures(context: PackageContext): Finding[] {
  const file = context.pkg.descriptionFile;
  return context.pkg.description.problems.map(({ message, line, column }) => ({
    requirement: DOCUMENT_REQUIREMENT,
    outcome: 'fail',
    message: `${file}: ${line === undefined ? '' : `line ${line}: `}${message} (${DOCUMENT_REQUIREMENT}). Fix the YAML so it parses.`,
    location: { kind: 'file', file, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) },
  }));
}

/** Validates the parsed description against the edition's schema and reads every error as one finding. */
export function validateDescription(context: PackageContext): SchemaFinding[] {
  const schema = compiledSchema(context.edition.descriptionSchema);
  if (schema.validate(context.pkg.description.value)) return [];
  const seen = new Set<string>();
  const findings: SchemaFinding[] = [];
  for (const error of schema.validate.errors ?? []) {
    // `if` only says that its `then` failed; the `then` error itself is reported.
    if (error.keyword === 'if') continue;
    const finding = toFinding(context, schema, error);
    const key = `${finding.location?.kind === 'file' ? finding.location.pointer : ''}\u0000${finding.requirement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function skipOthers(file: string, reason: string): Finding[] {
  return REQUIREMENTS.filter((id) => id !== DOCUMENT_REQUIREMENT).map((requirement) => ({
    requirement,
    outcome: 'skip',
    message: `${file} ${reason}, so this cannot be judged (see ${DOCUMENT_REQUIREMENT}).`,
  }));
}

function toFinding(context: PackageContext, schema: CompiledSchema, error: ErrorObject): SchemaFinding {
  const parent = (isRecord(error.parentSchema) ? error.parentSchema : {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  const property = stringParam(params, 'missingProperty') ?? stringParam(params, 'additionalProperty') ?? stringParam(params, 'unevaluatedProperty');
  const pointer = property === undefined ? error.instancePath : `${error.instancePath}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const where = `${context.pkg.descriptionFile}: ${dottedPath(pointer)}`;
  const text = describeError({ error, parent, property, edition: context.edition });
  const mapped = text.requirement ?? schema.requirements.get(text.node);
  const requirement = mapped ?? DOCUMENT_REQUIREMENT;
  const fix = text.fix ?? xFix(text.node) ?? xFix(parent) ?? text.genericFix;
  return {
    requirement,
    outcome: 'fail',
    message: `${where} ${text.problem} (${requirement}). ${fix}`,
    location: locate(context, pointer),
    evidence: { keyword: error.keyword, schemaPath: error.schemaPath, params, ...(mapped === undefined ? { unmapped: true as const } : {}) },
  };
}

interface ErrorText {
  problem: string;
  /** The schema node whose requirement and fix apply: the missing property's own schema for `required`. */
  node: object;
  /** Set when the check, not a schema node, decides the requirement (unknown fields). */
  requirement?: string;
  fix?: string;
  genericFix: string;
}

function describeError(options: { error: ErrorObject; parent: Record<string, unknown>; property: string | undefined; edition: Edition }): ErrorText {
  const { error, parent, property, edition } = options;
  const params = error.params as Record<string, unknown>;
  const value: unknown = error.data;
  switch (error.keyword) {
    case 'required': {
      const own = isRecord(parent.properties) ? parent.properties[property ?? ''] : undefined;
      return { problem: 'is missing', node: isRecord(own) ? own : parent, genericFix: `Add ${property}.` };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const extensionPattern = extensionKeyPattern(parent);
      if (extensionPattern !== undefined && property?.startsWith('x-')) {
        return {
          problem: `is not a valid extension key; expected a key matching ${extensionPattern}`,
          node: parent,
          requirement: EXTENSION_REQUIREMENT,
          fix: 'Rename it to x-<name>-extensions with <name> in lower-case letters, digits and dashes.',
          genericFix: '',
        };
      }
      return {
        problem: `is not a field of the ${edition.id} application description`,
        node: parent,
        requirement: UNKNOWN_FIELD_REQUIREMENT,
        fix: 'Remove it or correct its spelling.',
        genericFix: '',
      };
    }
    case 'type': {
      const expected = orList(String(params.type).split(',').map(typeName));
      return { problem: `is ${actualType(value)}; expected ${expected}`, node: parent, genericFix: `Change it to ${expected}.` };
    }
    case 'pattern':
      return { problem: `is ${show(value)}, which does not match ${String(params.pattern)}`, node: parent, genericFix: `Change it to match ${String(params.pattern)}.` };
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String).join(', ') : '';
      return { problem: `is ${show(value)}; expected one of ${allowed}`, node: parent, genericFix: 'Use one of the listed values.' };
    }
    case 'const':
      return { problem: `is ${show(value)}; expected ${JSON.stringify(params.allowedValue)}`, node: parent, genericFix: `Set it to ${JSON.stringify(params.allowedValue)}.` };
    case 'minItems': {
      const count = Array.isArray(value) ? value.length : 0;
      const problem = count === 0 ? 'is empty' : `has ${count} entries; expected at least ${String(params.limit)}`;
      return { problem, node: parent, genericFix: `Add at least ${String(params.limit)} entries.` };
    }
    default:
      return { problem: error.message ?? `fails ${error.keyword}`, node: parent, genericFix: 'Correct the value.' };
  }
}

/** The extension key pattern a node accepts, when extensions are allowed there. */
function extensionKeyPattern(node: Record<string, unknown>): string | undefined {
  return isRecord(node.patternProperties) ? Object.keys(node.patternProperties).find((pattern) => pattern.startsWith('^x-')) : undefined;
}

function xFix(node: object): string | undefined {
  const fix = (node as Record<string, unknown>)['x-fix'];
  return typeof fix === 'string' ? fix : undefined;
}

function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'empty',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

/** `a, b or c` */
function orList(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function actualType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeName(typeof value)} (${show(value)})`;
}

/** A value for a message: strings quoted and cut short, since a hostile description can hold megabytes. */
function show(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > 60 ? `${JSON.stringify(`${value.slice(0, 40)}…`)} (${value.length} characters)` : JSON.stringify(value);
  }
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const compiled = new Map<string, CompiledSchema>();
let ajv: Ajv2020 | undefined;

/** Compiles an edition's schema on first use and keeps it for the rest of the process. */
export function compiledSchema(file: string): CompiledSchema {
  const cached = compiled.get(file);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(schemaPath(file), 'utf8')) as Record<string, unknown>;
  ajv ??= createAjv();
  const requirements = new Map<object, string | undefined>();
  annotateRequirements(schema, undefined, requirements);
  const entry = { validate: ajv.compile(schema), requirements };
  compiled.set(file, entry);
  return entry;
}

function createAjv(): Ajv2020 {
  // verbose: errors carry their parent schema node, which is how an error finds its `x-requirement`
  // (schemaPath is relative to whichever $ref target ajv compiled separately, so it cannot be walked).
  const instance = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
  instance.addKeyword({ keyword: 'x-requirement', schemaType: 'string' });
  instance.addKeyword({ keyword: 'x-fix', schemaType: 'string' });
  return instance;
}

/** The schemas are JSON next to the sources (tsc does not copy them to dist/), read from the package root. */
export function schemaPath(file: string): string {
  return fromPackageRoot('suites', 'package-format', 'schemas', file);
}

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs'];
const SCHEMA_VALUES = ['items', 'additionalProperties', 'unevaluatedProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/** Records each node's requirement; `$defs` entries start fresh because their errors are reported from them. */
export function annotateRequirements(node: unknown, inherited: string | undefined, out: Map<object, string | undefined>): void {
  if (!isRecord(node)) return;
  const own = typeof node['x-requirement'] === 'string' ? node['x-requirement'] : inherited;
  out.set(node, own);
  for (const key of SCHEMA_MAPS) {
    const children = node[key];
    if (!isRecord(children)) continue;
    for (const child of Object.values(children)) annotateRequirements(child, key === '$defs' ? undefined : own, out);
  }
  for (const key of SCHEMA_VALUES) annotateRequirements(node[key], own, out);
  for (const key of SCHEMA_LISTS) {
    const children = node[key];
    if (Array.isArray(children)) for (const child of children) annotateRequirements(child, own, out);
  }
}
