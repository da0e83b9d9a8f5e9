import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsafeInputError, USER_FILE_LIMITS } from '../input/limits.js';
import { loadOrCreateStablePki, STABLE_PKI_FILES } from './stable-pki.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'margo-stable-pki-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateStablePki', () => {
  it('writes the PKI once and keeps it on the next call', async () => {
    const first = await loadOrCreateStablePki(dir);
    const second = await loadOrCreateStablePki(dir);
    expect([first.created, second.created, second.svid.spiffeId, second.pki.wfm.spiffeId]).toEqual([true, false, first.svid.spiffeId, first.pki.wfm.spiffeId]);
  });

  it.each([join('.ca', 'ca.json'), STABLE_PKI_FILES.svid.cert, STABLE_PKI_FILES.wfm.key])('refuses %s over its limit, and leaves it as it is', async (name) => {
    await loadOrCreateStablePki(dir);
    const size = USER_FILE_LIMITS.pki + 1;
    await truncate(join(dir, name), size);
    const error = await loadOrCreateStablePki(dir).catch((e: unknown) => e);
    expect([error instanceof UnsafeInputError, (error as Error).message, (await stat(join(dir, name))).size]).toEqual([
      true,
      `test PKI file ${join(dir, name)}: ${size} bytes, over the ${USER_FILE_LIMITS.pki}-byte limit; refused. Give a file of at most ${USER_FILE_LIMITS.pki} bytes.`,
      size,
    ]);
  });
});
