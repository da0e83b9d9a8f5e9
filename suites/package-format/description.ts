import type { FileLocation, Finding } from '../../core/results/model.js';
import type { PackageContext } from './package.js';

/** The parsed description as a plain object, or undefined when it did not parse to a mapping. */
export function descriptionObject(context: PackageContext): Record<string, unknown> | undefined {
  const value = context.pkg.description.value;
  return isRecord(value) ? value : undefined;
}

/**
 * Runs `decide` only when the description parsed to a mapping. Otherwise every requirement the caller
 * decides is `skip`: it cannot be judged, and the parse failure itself is reported once under PKG-006.
 */
export function withDescription(
  context: PackageContext,
  requirements: readonly string[],
  decide: (description: Record<string, unknown>) => Finding[],
): Finding[] {
  const description = descriptionObject(context);
  if (description) return decide(description);
  return requirements.map((requirement) => ({
    requirement,
    outcome: 'skip',
    message: `${context.pkg.descriptionFile} could not be read as a mapping, so this cannot be judged (see PKG-006).`,
  }));
}

/** A location inside the description: file, JSON Pointer, and the line the YAML parser gives for it. */
export function locate(context: PackageContext, pointer: string): FileLocation {
  const position = context.pkg.description.locate(pointer);
  return { kind: 'file', file: context.pkg.descriptionFile, pointer, ...(position ?? {}) };
}

/** `/deploymentProfiles/0/components/1/name` -> `deploymentProfiles[0].components[1].name`, for messages. */
export function dottedPath(pointer: string): string {
  if (pointer === '') return '(document root)';
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : path ? `${path}.${token}` : token), '');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export interface Located<T> {
  value: T;
  pointer: string;
}

/** Deployment profiles that are mappings, with their pointers; shape errors are the schema check's business. */
export function profilesOf(description: Record<string, unknown>): Located<Record<string, unknown>>[] {
  return asArray(description.deploymentProfiles).flatMap((value, index) =>
    isRecord(value) ? [{ value, pointer: `/deploymentProfiles/${index}` }] : [],
  );
}

/** Components of one profile that are mappings, with their pointers. */
export function componentsOf(profile: Located<Record<string, unknown>>): Located<Record<string, unknown>>[] {
  return asArray(profile.value.components).flatMap((value, index) =>
    isRecord(value) ? [{ value, pointer: `${profile.pointer}/components/${index}` }] : [],
  );
}

/** A JSON Pointer token for a mapping key (RFC 6901 escaping). */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
