import { describe, expect, it } from 'vitest';
import { formatTimeScale } from './format-time-scale.js';

describe('formatTimeScale', () => {
  const rows: Array<{ title: string; config: Record<string, unknown>; expected: string | undefined }> = [
    { title: 'a calibrated scale names the probe', config: { timeScale: { factor: 2.5, source: 'calibrated', probe: { medianMs: 162.5, referenceMs: 65, rounds: 5 } } }, expected: 'x2.5, calibrated (CPU probe 162.5 ms against 65 ms on the reference machine)' },
    { title: 'a scale given by hand says so', config: { timeScale: { factor: 3, source: 'flag' } }, expected: 'x3, given with --time-scale' },
    { title: 'a run without deadlines has no line', config: { specVersion: '1.0.0-rc.3' }, expected: undefined },
    { title: 'a malformed value has no line', config: { timeScale: { factor: 'big' } }, expected: undefined },
  ];
  for (const row of rows) it(row.title, () => expect(formatTimeScale(row.config)).toBe(row.expected));
});
