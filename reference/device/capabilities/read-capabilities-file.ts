import { readFile } from 'node:fs/promises';
import type { DeviceCapabilities } from '../device-options.js';

/**
 * Reads the `--capabilities` file: JSON `{ "properties": {...}, "labels": {...} }` (labels optional).
 * Read afresh each time, so an operator's edit is reported again (CAP-002).
 */
export async function readCapabilitiesFile(path: string): Promise<DeviceCapabilities> {
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${path} is not JSON: ${(cause as Error).message}. Write {"properties": {...}, "labels": {...}}.`, { cause });
  }
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const properties = record['properties'];
  const labels = record['labels'];
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new Error(`${path} has no "properties" object. Write {"properties": {...}, "labels": {...}}.`);
  }
  if (labels !== undefined && (typeof labels !== 'object' || labels === null || Array.isArray(labels))) {
    throw new Error(`${path}: "labels" is not an object.`);
  }
  return { properties: properties as Record<string, unknown>, ...(labels ? { labels: labels as Record<string, unknown> } : {}) };
}
