import { describe, expect, it } from 'vitest';
import { MAX_CALIBRATED_FACTOR, REFERENCE_PROBE_MS, calibrateTimeScale, describeTimeScale, fixedTimeScale } from './time-scale.js';

describe('calibrateTimeScale', () => {
  const rows: Array<{ title: string; rounds: number[]; factor: number }> = [
    { title: 'keeps factor 1 on a machine faster than the reference', rounds: [20, 21, 19, 22, 20], factor: 1 },
    { title: 'scales by the median round against the reference', rounds: [REFERENCE_PROBE_MS * 2.5, REFERENCE_PROBE_MS * 9, REFERENCE_PROBE_MS * 2.4, REFERENCE_PROBE_MS * 2.6, REFERENCE_PROBE_MS], factor: 2.5 },
    { title: 'caps a hopelessly busy machine', rounds: [1e6, 1e6, 1e6], factor: MAX_CALIBRATED_FACTOR },
  ];
  for (const row of rows) {
    it(row.title, async () => {
      const queue = [...row.rounds];
      const scale = await calibrateTimeScale({ rounds: row.rounds.length, round: () => queue.shift() ?? 0 });
      expect({ factor: scale.factor, source: scale.source, rounds: scale.probe?.rounds }).toEqual({ factor: row.factor, source: 'calibrated', rounds: row.rounds.length });
    });
  }
});

describe('fixedTimeScale', () => {
  it('scales a base deadline and rounds up to whole ms', () => {
    expect([fixedTimeScale(2.5).ms(6000), fixedTimeScale(1.5).ms(5001), fixedTimeScale(1).ms(6000)]).toEqual([15000, 7502, 6000]);
  });
  const refused: Array<{ factor: number }> = [{ factor: 0.5 }, { factor: 101 }, { factor: Number.NaN }];
  for (const row of refused) {
    it(`refuses factor ${row.factor}`, () => expect(() => fixedTimeScale(row.factor)).toThrow(/time scale .* is outside 1\.\.100; give --time-scale a number/));
  }
  it('describes itself for config.timeScale', () => {
    expect(describeTimeScale(fixedTimeScale(3))).toEqual({ factor: 3, source: 'flag' });
  });
});
