import { describe, expect, it } from 'vitest';
import { createRandom } from './fleet-schedule.js';
import { createPollQueue } from './poll-queue.js';

describe('createPollQueue', () => {
  it.each([
    ['nothing is due before the earliest time', [30, 10, 20], 5, [], 10],
    ['returns what is due, earliest first, and keeps the rest', [30, 10, 20, 10.5], 20, [10, 10.5, 20], 30],
    ['a time equal to now is due', [7], 7, [7], undefined],
  ] as const)('%s', (_, times, now, expected, next) => {
    const queue = createPollQueue<number>();
    times.forEach((at, i) => queue.add(at, i));
    expect(queue.due(now).map((e) => e.at)).toEqual(expected);
    expect(queue.next()).toBe(next);
    expect(queue.size).toBe(times.length - expected.length);
  });

  it('hands out 10,000 random times in order, each with its own item', () => {
    const random = createRandom(7);
    const queue = createPollQueue<number>();
    const times = Array.from({ length: 10_000 }, () => random() * 30_000);
    times.forEach((at, i) => queue.add(at, i));
    const out = queue.due(Infinity);
    expect(out.map((e) => e.at)).toEqual([...times].sort((a, b) => a - b));
    expect(out.every((e) => times[e.item] === e.at)).toBe(true);
    expect(queue.size).toBe(0);
  });
});
