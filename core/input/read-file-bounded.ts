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
    const read = new BoundedRead(path, options, await handle.stat());
    for (let want = read.want(); want > 0; want = read.want()) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(want), 0, want, null);
      if (!read.add(buffer, bytesRead)) break;
    }
    return read.bytes();
  } finally {
    await handle.close();
  }
}

/** `readFileBounded` for the synchronous argument parsers of the reference processes. */
export function readFileBoundedSync(path: string, options: ReadBoundedOptions): Buffer {
  const fd = openSync(path, 'r');
  try {
    const read = new BoundedRead(path, options, fstatSync(fd));
    for (let want = read.want(); want > 0; want = read.want()) {
      const buffer = Buffer.alloc(want);
      if (!read.add(buffer, readSync(fd, buffer, 0, want, null))) break;
    }
    return read.bytes();
  } finally {
    closeSync(fd);
  }
}

/** The chunks read so far, refusing a regular file already over the limit and any read one byte past it. */
class BoundedRead {
  private readonly chunks: Buffer[] = [];
  private total = 0;

  constructor(
    private readonly path: string,
    private readonly options: ReadBoundedOptions,
    info: { isFile(): boolean; size: number },
  ) {
    if (info.isFile() && info.size > options.limit) throw tooLarge(path, options, info.size);
  }

  /** How many bytes to ask for next: up to one past the limit, so an over-long file shows itself. */
  want(): number {
    return Math.min(CHUNK, this.options.limit + 1 - this.total);
  }

  /** Keeps `bytesRead` bytes of `buffer`; false at end of file. */
  add(buffer: Buffer, bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.chunks.push(buffer.subarray(0, bytesRead));
    this.total += bytesRead;
    if (this.total > this.options.limit) throw tooLarge(this.path, this.options);
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.total);
  }
}

function tooLarge(path: string, options: ReadBoundedOptions, size?: number): UnsafeInputError {
  const found = size === undefined ? `more than ${options.limit} bytes` : `${size} bytes, over the ${options.limit}-byte limit`;
  return new UnsafeInputError(`${options.what} ${path}: ${found}; refused. Give a file of at most ${options.limit} bytes.`);
}
