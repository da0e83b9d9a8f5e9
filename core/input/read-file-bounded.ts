import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { UnsafeInputError } from './limits.js';

export interface ReadBoundedOptions {
  /** Most bytes accepted; one more and the file is refused. */
  limit: number;
  /** What the file is to the user, for the refusal: `--env-file`, `capabilities file`. */
  what: string;
}

const CHUNK = 64 * 1024;

/**
 * Reads a file the user named, never more than `limit` bytes: a regular file whose size already exceeds the
 * limit is refused before any byte is read, and every file (character devices such as `/dev/zero`, FIFOs, files
 * that grow while read) is read in chunks that stop one byte past the limit. Over the limit: `UnsafeInputError`
 * with a one-line message. A file that cannot be opened throws the system error unchanged (callers word it).
 */
export async function readFileBounded(path: string, options: ReadBoundedOptions): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (info.isFile() && info.size > options.limit) throw tooLarge(path, options, info.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(CHUNK, options.limit + 1 - total);
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(want), 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > options.limit) throw tooLarge(path, options);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** `readFileBounded` for the synchronous argument parsers of the reference processes. */
export function readFileBoundedSync(path: string, options: ReadBoundedOptions): Buffer {
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    if (info.isFile() && info.size > options.limit) throw tooLarge(path, options, info.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(CHUNK, options.limit + 1 - total);
      const buffer = Buffer.alloc(want);
      const bytesRead = readSync(fd, buffer, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > options.limit) throw tooLarge(path, options);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(path: string, options: ReadBoundedOptions, size?: number): UnsafeInputError {
  const found = size === undefined ? `more than ${options.limit} bytes` : `${size} bytes, over the ${options.limit}-byte limit`;
  return new UnsafeInputError(`${options.what} ${path}: ${found}; refused. Give a file of at most ${options.limit} bytes.`);
}
