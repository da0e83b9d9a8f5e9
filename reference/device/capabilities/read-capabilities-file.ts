import { USER_FILE_LIMITS } from '../../../core/input/limits.js';
import { readFileBounded } from '../../../core/input/read-file-bounded.js';
import type { ChildCapabilities, DeviceCapabilities } from '../device-options.js';

/** A child's own deviceId segment: RFC 3986 unreserved characters, no slash (CAP-012). */
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * Reads the `--capabilities` file: JSON `{ "properties": {...}, "labels": {...}, "children": [...] }`
 * (labels and children optional; each child `{ "properties": {"id": "<segment>", ...}, "labels": {...},
 * "reachable": false }`). Read afresh each time, so an operator's edit is reported again (CAP-002).
 */
export async function readCapabilitiesFile(path: string): Promise<DeviceCapabilities> {
  // Bounded: the launch contract names this file, and an operator (or a test) controls what is there.
  const text = (await readFileBounded(path, { limit: USER_FILE_LIMITS.capabilities, what: 'capabilities file' })).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${path} is not JSON: ${(cause as Error).message}. Write {"properties": {...}, "labels": {...}}.`, { cause });
  }
  const record = isObject(value) ? value : {};
  const properties = record['properties'];
  const labels = record['labels'];
  if (!isObject(properties)) {
    throw new Error(`${path} has no "properties" object. Write {"properties": {...}, "labels": {...}}.`);
  }
  if (labels !== undefined && !isObject(labels)) {
    throw new Error(`${path}: "labels" is not an object.`);
  }
  const children = record['children'] === undefined ? undefined : childrenOf(path, record['children']);
  return { properties, ...(labels ? { labels } : {}), ...(children ? { children } : {}) };
}

function childrenOf(path: string, value: unknown): ChildCapabilities[] {
  if (!Array.isArray(value)) throw new Error(`${path}: "children" is not an array.`);
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    const where = `${path}: children[${index}]`;
    const properties = isObject(entry) ? entry['properties'] : undefined;
    if (!isObject(entry) || !isObject(properties)) throw new Error(`${where} has no "properties" object.`);
    const id = properties['id'];
    if (typeof id !== 'string' || !SEGMENT.test(id)) {
      throw new Error(`${where}: properties.id must be the child's own segment (letters, digits, . _ ~ -; no slash); it is reported as <deviceId>/<id>.`);
    }
    if (seen.has(id)) throw new Error(`${where}: a second child "${id}".`);
    seen.add(id);
    const { labels, reachable } = entry;
    if (labels !== undefined && !isObject(labels)) throw new Error(`${where}: "labels" is not an object.`);
    if (reachable !== undefined && typeof reachable !== 'boolean') throw new Error(`${where}: "reachable" is not true or false.`);
    return { properties, ...(labels ? { labels } : {}), ...(reachable === undefined ? {} : { reachable }) };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
