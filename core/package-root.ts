import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory holding this tool's package.json. Data files (catalog, schemas, profiles) are read from
 * there, so the same code works from the TypeScript sources and from the compiled `dist/`.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('margo-conformance: cannot find the package root (no package.json above the code).');
    dir = parent;
  }
  cached = dir;
  return dir;
}

export function fromPackageRoot(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
