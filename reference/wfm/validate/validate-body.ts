import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { apiError, type ApiError } from '../http/problem.js';

export type FieldError = { field: string; message: string };

/** A compiled body check. */
export type BodyValidator = (value: unknown) => FieldError[] | ApiError;

/**
 * Splits schema failures the way the catalog notes read them: a body that is not a JSON object, or
 * that carries members a closed schema forbids (CAP-005), is malformed (400 invalid-request); any
 * other violation of a parsed body (missing or mistyped field, enum value, pattern) is a semantic
 * error (422 semantic-error with errors[], CAP-006, CAP-011, ST-004, ST-005, ERR-008).
 */
export function createBodyValidator(schema: object): BodyValidator {
  const validate = compiled(schema);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return apiError('invalid-request', 'The request body is not a JSON object.');
    }
    if (validate(value)) return [];
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    const unknown = errors.filter((e) => e.keyword === 'additionalProperties' && e.instancePath === '');
    if (unknown.length > 0) {
      const names = unknown.map((e) => `"${(e.params as { additionalProperty: string }).additionalProperty}"`).join(', ');
      return apiError('invalid-request', `The body has members ${names} that this edition's schema does not allow (CAP-005); send only the defined members.`);
    }
    return errors.map(fieldError);
  };
}

function fieldError(error: ErrorObject): FieldError {
  const path = error.instancePath.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty : undefined;
  const field = [...path, ...(missing ? [missing] : [])].join('.') || '(body)';
  const allowed = error.keyword === 'enum' ? `: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
  return { field, message: `${error.message ?? 'is invalid'}${allowed}` };
}

/**
 * Parses a JSON request body. A body that is missing, not declared as JSON or not valid JSON is
 * malformed: 400 invalid-request.
 */
export function readJsonBody(contentType: string | undefined, body: Buffer): { value: unknown } | ApiError {
  if (body.length === 0) return apiError('invalid-request', 'The request has no body; send a JSON document.');
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return apiError('invalid-request', `The request Content-Type is "${contentType ?? ''}"; send application/json.`);
  }
  try {
    return { value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (cause) {
    return apiError('invalid-request', `The request body is not valid JSON: ${(cause as Error).message}.`);
  }
}

const compiledSchemas = new Map<string, ValidateFunction>();

/** Compiles each schema text once per process: a WFM started many times (tests, the device suite's mock) reuses it. */
function compiled(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiledSchemas.get(key);
  if (!validate) {
    validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    compiledSchemas.set(key, validate);
  }
  return validate;
}
