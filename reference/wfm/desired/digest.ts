import { createHash } from 'node:crypto';

/** DS-016 digest grammar: `sha256:` and 64 lower-case hex digits. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** `sha256:<hex>` over exactly these bytes (DS-015: no re-serialisation, no newline changes). */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
