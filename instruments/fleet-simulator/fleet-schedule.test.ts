import { describe, expect, it } from 'vitest';
import { createRandom, parseDuration, seededFraction, shardOf } from './fleet-schedule.js';

describe('shardOf', () => {
  it('puts every device in exactly one shard, the same one on every call', () => {
    const shards = Array.from({ length: 1000 }, (_, index) => shardOf('fleet', index, 4));
    expect(shards.every((s) => Number.isInteger(s) && s >= 0 && s < 4)).toBe(true);
    expect(Array.from({ length: 1000 }, (_, index) => shardOf('fleet', index, 4))).toEqual(shards);
  });

  it.each([
    ['fleet', 0, 4, 0],
    ['fleet', 1, 4, 0],
    ['fleet', 2, 4, 3],
    ['fleet', 3, 4, 2],
    ['fleet', 0, 1, 0],
    ['other-seed', 7, 4, 3],
  ])('puts device %s/%i of %i shards in shard %i (fixed across releases: running shards must agree)', (seed, index, count, expected) => {
    expect(shardOf(seed, index, count)).toBe(expected);
  });

  it('spreads 10,000 devices over 4 shards within 5% of a quarter each', () => {
    const sizes = [0, 0, 0, 0];
    for (let index = 0; index < 10_000; index++) {
      const shard = shardOf('fleet', index, 4);
      sizes[shard] = (sizes[shard] ?? 0) + 1;
    }
    for (const size of sizes) expect(Math.abs(size - 2500)).toBeLessThan(125);
  });

  it('is independent of the purposes that sample and schedule devices', () => {
    expect(seededFraction('fleet', 7, 'shard')).not.toBe(seededFraction('fleet', 7, 'sample'));
  });
});

describe('createRandom', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['6s', 6000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['250', 250],
    ['6 s', undefined],
    ['-1s', undefined],
    ['', undefined],
  ])('reads %j as %s', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});
