import { gunzipSync } from 'node:zlib';
import { posix } from 'node:path';
import { extract } from 'tar-stream';
import { DEFAULT_LIMITS, UnsafeInputError, type InputLimits } from './limits.js';

export interface TarEntry {
  /** The entry name exactly as stored in the archive. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
  mode: number;
  /** Target of a symlink or hard link, as stored. */
  linkname?: string;
  /** Content of regular files. */
  bytes?: Uint8Array;
}

/**
 * Lists a gzip'd tar archive in memory. Decompression is capped (gzip bombs), as are entry count and
 * sizes; nothing is written anywhere. Names are returned as stored: callers decide what escapes.
 */
export async function readTarball(gzipped: Uint8Array, limits: InputLimits = DEFAULT_LIMITS): Promise<TarEntry[]> {
  let tar: Buffer;
  try {
    tar = gunzipSync(gzipped, { maxOutputLength: limits.maxTotalBytes });
  } catch (cause) {
    if (cause instanceof RangeError) throw new UnsafeInputError(`archive expands beyond ${limits.maxTotalBytes} bytes; refused.`, { cause });
    throw new Error(`archive is not valid gzip: ${(cause as Error).message}`, { cause });
  }
  const entries: TarEntry[] = [];
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      if (entries.length >= limits.maxEntries) {
        reject(new UnsafeInputError(`archive has more than ${limits.maxEntries} entries; refused.`));
        reader.destroy();
        return;
      }
      const type = header.type === 'file' || header.type === 'contiguous-file' ? 'file' : header.type === 'directory' || header.type === 'symlink' || header.type === 'link' ? header.type : 'other';
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: unknown) => {
        if (!Buffer.isBuffer(chunk)) return;
        size += chunk.length;
        if (size <= limits.maxFileBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (size > limits.maxFileBytes) {
          reject(new UnsafeInputError(`archive entry ${header.name} is over the ${limits.maxFileBytes}-byte limit; refused.`));
          reader.destroy();
          return;
        }
        entries.push({
          name: header.name,
          type,
          mode: header.mode ?? 0,
          ...(header.linkname ? { linkname: header.linkname } : {}),
          ...(type === 'file' ? { bytes: Buffer.concat(chunks) } : {}),
        });
        next();
      });
      stream.on('error', reject);
    });
    reader.on('finish', resolve);
    reader.on('error', (cause: Error) => reject(new Error(`archive is not a valid tar: ${cause.message}`, { cause })));
  });
  reader.end(tar);
  await done;
  return entries;
}

/**
 * Why an entry would leave the directory it is extracted into, or undefined when it stays inside:
 * absolute names, `..` segments, and links whose target resolves outside.
 */
export function escapeReason(entry: TarEntry): string | undefined {
  const name = entry.name.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return `entry ${entry.name} has an absolute path`;
  if (name.split('/').includes('..')) return `entry ${entry.name} contains a ".." segment`;
  if ((entry.type === 'symlink' || entry.type === 'link') && entry.linkname !== undefined) {
    const target = entry.linkname.replace(/\\/g, '/');
    if (target.startsWith('/')) return `${entry.type} ${entry.name} points at the absolute path ${entry.linkname}`;
    const base = entry.type === 'symlink' ? posix.dirname(name) : '.';
    const resolved = posix.normalize(posix.join(base, target));
    if (resolved === '..' || resolved.startsWith('../')) return `${entry.type} ${entry.name} points outside the archive (${entry.linkname})`;
  }
  return undefined;
}
