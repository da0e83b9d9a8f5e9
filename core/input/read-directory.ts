import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS, UnsafeInputError, type InputLimits } from './limits.js';

/**
 * Reads every regular file below `root` into memory, keyed by POSIX path relative to `root`. Links are
 * refused rather than followed, so nothing outside the directory is ever read; sizes and counts are
 * bounded before the bytes are read. Reads are synchronous: a package is a handful of small files, and
 * thread-pool round trips per file cost more than the reads themselves.
 */
export async function readDirectory(root: string, limits: InputLimits = DEFAULT_LIMITS): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let total = 0;
  let entries = 0;
  const walk = (relative: string): void => {
    const names = readdirSync(join(root, relative)).sort();
    for (const name of names) {
      const path = relative ? `${relative}/${name}` : name;
      if (++entries > limits.maxEntries) throw new UnsafeInputError(`${root}: more than ${limits.maxEntries} entries; refused.`);
      const stat = lstatSync(join(root, path));
      if (stat.isSymbolicLink()) throw new UnsafeInputError(`${root}: ${path} is a symbolic link; packages must not contain links. Replace it with the file.`);
      if (stat.isDirectory()) {
        walk(path);
        continue;
      }
      if (!stat.isFile()) throw new UnsafeInputError(`${root}: ${path} is not a regular file; refused.`);
      if (stat.size > limits.maxFileBytes) throw new UnsafeInputError(`${root}: ${path} is ${stat.size} bytes, over the ${limits.maxFileBytes}-byte limit; refused.`);
      total += stat.size;
      if (total > limits.maxTotalBytes) throw new UnsafeInputError(`${root}: package is over the ${limits.maxTotalBytes}-byte limit; refused.`);
      files.set(path, readFileSync(join(root, path)));
    }
  };
  walk('');
  return files;
}
