import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { readDirectory } from '../../../core/input/read-directory.js';
import { escapeReason, readTarball } from '../../../core/input/read-tarball.js';
import { DEFAULT_LIMITS, UnsafeInputError, type InputLimits } from '../../../core/input/limits.js';
import { readFileBounded } from '../../../core/input/read-file-bounded.js';
import { parseYaml, refuseUnsafeYaml } from '../../../core/input/parse-yaml.js';
import type { LoadedPackage } from '../package.js';
import { isOciLayout, loadOciLayoutPackage } from './oci-layout-package.js';
import { packageFromFiles } from './package-from-files.js';

export interface LoadPackageOptions {
  /** Tag to pick from an OCI image layout holding several manifests. */
  tag?: string;
  limits?: InputLimits;
}

/**
 * Reads a package in any of its accepted forms: a directory, a `.tar.gz` of one, a lone description, or an
 * OCI image layout directory. Unsafe inputs throw `UnsafeInputError`; unreadable ones throw `Error`.
 */
export async function loadPackage(path: string, options: LoadPackageOptions = {}): Promise<LoadedPackage> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  let info: Stats;
  try {
    info = statSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file or directory' : (cause as Error).message}. Give a package directory, a .tar.gz, a margo.yaml or an OCI image layout.`, { cause });
  }
  if (info.isDirectory()) {
    if (isOciLayout(path)) return loadOciLayoutPackage(path, { location: path, ...(options.tag ? { tag: options.tag } : {}), limits });
    return packageFromFiles(await readDirectory(path, limits), { format: 'directory', location: path, limits });
  }
  // Bounded whatever the path is: /dev/zero or a FIFO is refused at the limit, never read whole.
  const bytes = await readFileBounded(path, { limit: limits.maxFileBytes, what: 'package' });
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return loadTarballPackage(path, bytes, digest, limits);
  if (/\.ya?ml$/i.test(path)) {
    const file = basename(path);
    return {
      format: 'description',
      location: path,
      digest,
      descriptionFile: file,
      descriptionCandidates: [file],
      description: refuseUnsafeYaml(parseYaml(bytes.toString('utf8'), limits), path),
    };
  }
  throw new Error(`${path}: not a directory, a gzip'd tar archive or a .yaml file. Give a package directory, a .tar.gz, a margo.yaml or an OCI image layout.`);
}

/**
 * Every entry is vetted before any is used: an archive with one escaping entry is refused as a whole.
 * A single top-level directory around the package is accepted and stripped.
 */
async function loadTarballPackage(path: string, bytes: Uint8Array, digest: string, limits: InputLimits): Promise<LoadedPackage> {
  const entries = await readTarball(bytes, limits);
  for (const entry of entries) {
    const reason = escapeReason(entry);
    if (reason) throw new UnsafeInputError(`${path}: ${reason}; refused before extraction. Build the archive from inside the package directory.`);
    if (entry.type === 'other') throw new UnsafeInputError(`${path}: entry ${entry.name} is a device, FIFO or other special file; refused.`);
  }
  const names = entries.filter((e) => e.type === 'file').map((e) => e.name.replace(/^\.\//, ''));
  const tops = new Set(names.map((n) => n.split('/')[0]));
  const strip = !names.includes('margo.yaml') && tops.size === 1 && names.every((n) => n.includes('/')) ? `${[...tops][0]}/` : '';
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.type !== 'file' || !entry.bytes) continue;
    files.set(entry.name.replace(/^\.\//, '').slice(strip.length), entry.bytes);
  }
  return packageFromFiles(files, { format: 'tarball', location: path, digest, limits });
}
