import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0 ms'],
    [12.6, '13 ms'],
    [13_091, '13.1 s'],
    [125_000, '2 min 05 s'],
  ];
  for (const [ms, expected] of cases) {
    it(`formats ${ms} ms as "${expected}"`, () => expect(formatDuration(ms)).toBe(expected));
  }
});
