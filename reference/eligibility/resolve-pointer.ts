import { pointerTokens } from '../../core/input/parse-yaml.js';

/** The value at an RFC 6901 JSON Pointer, or `found: false` when any step is missing. */
export function resolvePointer(value: unknown, pointer: string): { found: true; value: unknown } | { found: false } {
  if (pointer !== '' && !pointer.startsWith('/')) return { found: false };
  let current = value;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(token) && Number(token) < current.length) current = current[Number(token)];
    else if (isRecord(current) && Object.hasOwn(current, token)) current = current[token];
    else return { found: false };
  }
  return { found: true, value: current };
}

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
