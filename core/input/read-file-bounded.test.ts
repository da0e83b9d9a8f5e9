import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsafeInputError } from './limits.js';
import { readFileBounded, readFileBoundedSync, type ReadBoundedOptions } from './read-file-bounded.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'margo-bounded-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const READERS: [string, (path: string, options: ReadBoundedOptions) => Promise<Buffer>][] = [
  ['readFileBounded', readFileBounded],
  ['readFileBoundedSync', async (path, options) => readFileBoundedSync(path, options)],
];
const MB400 = 400 * 1024 * 1024;

describe.each(READERS)('%s', (_name, read) => {
  it.each([
    { title: 'reads a file under the limit whole', size: 10, limit: 100, expected: 10 },
    { title: 'reads a file exactly at the limit', size: 100, limit: 100, expected: 100 },
    { title: 'reads a file larger than one read chunk', size: 200_000, limit: 300_000, expected: 200_000 },
  ])('$title', async ({ size, limit, expected }) => {
    const path = join(dir, 'f');
    await writeFile(path, Buffer.alloc(size, 0x61));
    expect((await read(path, { limit, what: '--env-file' })).length).toBe(expected);
  });

  it.each([
    { title: 'refuses a file one byte over the limit by its size', size: 101, limit: 100, message: (p: string) => `--env-file ${p}: 101 bytes, over the 100-byte limit; refused. Give a file of at most 100 bytes.` },
    // A sparse file: costs no disk, and refused from its size without a byte read.
    { title: 'refuses a 400 MB file without reading it', size: MB400, limit: 1024 * 1024, message: (p: string) => `--env-file ${p}: ${MB400} bytes, over the 1048576-byte limit; refused. Give a file of at most 1048576 bytes.` },
  ])('$title', async ({ size, limit, message }) => {
    const path = join(dir, 'big');
    await writeFile(path, '');
    await truncate(path, size);
    const error = await read(path, { limit, what: '--env-file' }).catch((e: unknown) => e);
    expect([error instanceof UnsafeInputError, (error as Error).message]).toEqual([true, message(path)]);
  });

  it('refuses /dev/zero at the limit instead of reading forever', async () => {
    const error = await read('/dev/zero', { limit: 1024 * 1024, what: '--env-file' }).catch((e: unknown) => e);
    expect([error instanceof UnsafeInputError, (error as Error).message]).toEqual([true, '--env-file /dev/zero: more than 1048576 bytes; refused. Give a file of at most 1048576 bytes.']);
  });

  it('passes on the system error of a missing file unchanged', async () => {
    const error = await read(join(dir, 'nope'), { limit: 10, what: '--waivers' }).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('readFileBounded on a FIFO', () => {
  it('refuses an endless writer at the limit', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `exec cat /dev/zero > '${fifo}'`], { stdio: 'ignore' });
    try {
      const error = await readFileBounded(fifo, { limit: 65_536, what: '--env-file' }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`--env-file ${fifo}: more than 65536 bytes; refused. Give a file of at most 65536 bytes.`);
    } finally {
      if (writer.pid !== undefined && writer.exitCode === null) process.kill(writer.pid);
    }
  });

  it('reads a short FIFO whole', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf 'A=1\\n' > '${fifo}'`], { stdio: 'ignore' });
    try {
      expect((await readFileBounded(fifo, { limit: 100, what: '--env-file' })).toString()).toBe('A=1\n');
    } finally {
      if (writer.pid !== undefined && writer.exitCode === null) process.kill(writer.pid);
    }
  });
});
