import { describe, expect, it } from 'vitest';
import { inDowntime, inPollingPeriod, parseDowntime, parsePollingPeriod } from './poll-schedule.js';

const at = (hours: number, minutes: number) => new Date(2026, 0, 1, hours, minutes).getTime();

describe('polling period and downtime (POLL-002, POLL-003)', () => {
  it.each([
    { period: '06:00-22:00', time: at(12, 0), inside: true },
    { period: '06:00-22:00', time: at(22, 0), inside: false },
    { period: '22:00-06:00', time: at(23, 30), inside: true },
    { period: '22:00-06:00', time: at(5, 59), inside: true },
    { period: '22:00-06:00', time: at(6, 0), inside: false },
  ])('$period contains local $time: $inside', ({ period, time, inside }) => {
    expect(inPollingPeriod(parsePollingPeriod(period), time)).toBe(inside);
  });

  it.each(['6-22', '06:00', '06:00-06:00', '25:00-26:00'])('refuses polling period "%s"', (text) => {
    expect(() => parsePollingPeriod(text)).toThrow(/POLL-002/);
  });

  it('reads start/end and start/duration downtime intervals', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    expect(parseDowntime('2026-01-01T00:00:00Z/2026-01-01T08:00:00Z')).toEqual({ startMs: start, endMs: start + 8 * 3_600_000 });
    expect(parseDowntime('2026-01-01T00:00:00Z/PT1H30M')).toEqual({ startMs: start, endMs: start + 90 * 60_000 });
    expect(inDowntime([parseDowntime('2026-01-01T00:00:00Z/P1D')], start + 3_600_000)).toBe(true);
    expect(inDowntime([parseDowntime('2026-01-01T00:00:00Z/P1D')], start + 86_400_000)).toBe(false);
  });

  it.each(['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z/2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z/PT'])('refuses downtime "%s"', (text) => {
    expect(() => parseDowntime(text)).toThrow(/POLL-002/);
  });
});
