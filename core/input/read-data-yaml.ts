import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { fromPackageRoot } from '../package-root.js';

/** Where the build writes the tool's own YAML data as JSON: `dist/data/<path>.json`, found from the compiled code. */
const COMPILED_DATA = new URL('../../data/', import.meta.url);

/**
 * One of the tool's own data files (profiles, rules), by its path in the package. The compiled tool reads
 * the JSON the build wrote (parsing YAML cost a short run a large share of its CPU); from the sources
 * there is no compiled copy beside the code, so the YAML itself is read and can never be stale.
 */
export function readDataYaml(path: string): unknown {
  const compiled = fileURLToPath(new URL(`${path}.json`, COMPILED_DATA));
  if (existsSync(compiled)) return JSON.parse(readFileSync(compiled, 'utf8'));
  return parse(readFileSync(fromPackageRoot(path), 'utf8'));
}
