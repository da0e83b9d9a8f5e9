import { lstatSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { DEFAULT_LIMITS, type InputLimits } from '../../../core/input/limits.js';
import { readFileBounded, readFileBoundedSync } from '../../../core/input/read-file-bounded.js';
import { readTarball } from '../../../core/input/read-tarball.js';
import { isOciLayout, loadOciLayoutPackage } from '../../package-format/load/oci-layout-package.js';
import type { ComposeArchive, ComposeOci } from '../compose-context.js';
import { COMPOSE_MEDIA_TYPES, manifestLayers } from '../compose-media-types.js';
import type { ComposeProject } from '../model/compose-project.js';
import type { Environment } from '../model/interpolate.js';
import { loadCompose } from '../model/load-compose.js';
import { parseEnvFile } from '../model/parse-env-file.js';
import { archiveFromEntries, composeFileOf } from './archive-project.js';

export interface ComposeInputOptions {
  /** Variables from `--env-file` and `--env`; when given, an archive's own `.env` is not read (as `docker compose --env-file`). */
  env?: Environment;
  limits?: InputLimits;
}

export interface ComposeInput {
  format: 'file' | 'tarball' | 'oci-layout';
  digest?: string;
  projects: ComposeProject[];
  archive?: ComposeArchive;
  oci?: ComposeOci;
}

/** Reads a lone Compose file, a Compose Archive (`.tar.gz`), or an OCI image layout holding a Compose component. */
export async function loadComposeInput(path: string, options: ComposeInputOptions = {}): Promise<ComposeInput> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const info = await stat(path).catch((cause: NodeJS.ErrnoException) => {
    throw new Error(`${path}: ${cause.code === 'ENOENT' ? 'no such file or directory' : cause.message}. Give a compose.yaml, a Compose Archive (.tar.gz) or an OCI image layout.`, { cause });
  });
  if (info.isDirectory()) {
    if (!isOciLayout(path)) throw new Error(`${path}: a directory that is not an OCI image layout. Give its compose.yaml, a Compose Archive (.tar.gz) or an OCI image layout.`);
    const layout = await loadOciLayoutPackage(path, { location: path, limits });
    const oci: ComposeOci = { location: path, manifest: layout.oci?.manifest, ...(layout.oci?.tag !== undefined ? { tag: layout.oci.tag } : {}) };
    const layer = manifestLayers(oci.manifest).find((l) => l.mediaType === COMPOSE_MEDIA_TYPES.archive);
    const bytes = typeof layer?.digest === 'string' ? layout.oci?.blobs.get(layer.digest) : undefined;
    const fromArchive = bytes ? await archiveInput(`${path} (${String(layer?.digest)})`, bytes, options, limits) : { projects: [] };
    return { format: 'oci-layout', oci, ...fromArchive, ...(layout.digest ? { digest: layout.digest } : {}) };
  }
  // Bounded whatever the path is: /dev/zero or a FIFO is refused at the limit, never read whole.
  const bytes = await readFileBounded(path, { limit: limits.maxFileBytes, what: 'input' });
  const { createHash } = await import('node:crypto');
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { format: 'tarball', digest, ...(await archiveInput(path, bytes, options, limits)) };
  const project = loadCompose({ file: basename(path), text: bytes.toString('utf8'), env: options.env ?? new Map(), read: siblingReader(dirname(path), limits), limits });
  return { format: 'file', digest, projects: [project] };
}

async function archiveInput(location: string, bytes: Uint8Array, options: ComposeInputOptions, limits: InputLimits): Promise<{ archive: ComposeArchive; projects: ComposeProject[] }> {
  const archive = archiveFromEntries(location, await readTarball(bytes, limits));
  const file = composeFileOf(archive);
  const text = (name: string) => {
    const content = archive.files.get(name);
    return content === undefined ? undefined : Buffer.from(content).toString('utf8');
  };
  if (!file) return { archive, projects: [] };
  const dotEnv = text(posix.join(posix.dirname(file), '.env'));
  const env = options.env ?? (dotEnv !== undefined ? parseEnvFile(dotEnv) : new Map<string, string>());
  return { archive, projects: [loadCompose({ file, text: text(file) ?? '', env, read: text, limits })] };
}

/**
 * `extends.file` of a lone Compose file: read beside it, never above its directory (loadCompose refuses
 * `..`) and never through a link, so a Compose file cannot make us read the rest of the machine.
 */
function siblingReader(dir: string, limits: InputLimits): (path: string) => string | undefined {
  return (path) => {
    let current = dir;
    for (const segment of path.split('/')) {
      current = join(current, segment);
      const info = lstatOrUndefined(current);
      if (!info || info.isSymbolicLink()) return undefined;
    }
    const info = lstatOrUndefined(current);
    if (!info?.isFile() || info.size > limits.maxYamlBytes) return undefined;
    return readFileBoundedSync(current, { limit: limits.maxYamlBytes, what: 'extends.file' }).toString('utf8');
  };
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
