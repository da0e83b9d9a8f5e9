import { createHash } from 'node:crypto';

/** A number in [0, 1) fixed by the seed, the device and what it is for: shards agree on it without talking. */
export function seededFraction(seed: string, index: number, purpose: string): number {
  return createHash('sha256').update(`${seed}\0${index}\0${purpose}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Which shard (0-based) device `index` belongs to: a hash of the seed and the index, so shards are disjoint and cover the fleet. */
export function shardOf(seed: string, index: number, count: number): number {
  return Math.floor(seededFraction(seed, index, 'shard') * count);
}

/** A small deterministic PRNG (mulberry32) per device, for poll jitter. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `500ms`, `6s`, `2m`, `1h` (or a bare number of milliseconds) to milliseconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'ms') as 'ms'];
  return Math.round(Number(match[1]) * unit);
}
