import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../core/runner/run-progress.js';
import { createProgressRenderer, progressMode } from './progress-renderer.js';

const EVENTS: RunProgress[] = [
  { kind: 'start', total: 2, timeScale: { factor: 2.5, source: 'calibrated' } },
  { kind: 'check-start', check: 'device-api/lifecycle', title: 'Lifecycle', done: 0, total: 2 },
  { kind: 'await', scenario: 'lifecycle', what: 'a status report "installed"' },
  { kind: 'check-end', check: 'device-api/lifecycle', title: 'Lifecycle', outcome: 'pass', requirements: ['DS-028', 'DS-029'], done: 1, total: 2, durationMs: 1234 },
  { kind: 'check-start', check: 'device-api/wrong-size', title: 'Wrong size', done: 1, total: 2 },
  { kind: 'check-end', check: 'device-api/wrong-size', title: 'Wrong size', outcome: 'error', requirements: ['DS-019'], done: 2, total: 2, durationMs: 18000 },
];

describe('progressMode', () => {
  const rows = [
    { title: 'a terminal gets the live line', quiet: false, isTTY: true, expected: 'live' },
    { title: 'a pipe (CI) gets plain lines', quiet: false, isTTY: false, expected: 'lines' },
    { title: '--quiet gets nothing, even on a terminal', quiet: true, isTTY: true, expected: 'off' },
  ] as const;
  for (const row of rows) it(row.title, () => expect(progressMode({ quiet: row.quiet, stream: { isTTY: row.isTTY } })).toBe(row.expected));
});

describe('createProgressRenderer', () => {
  it('writes one plain line per finished check group without a terminal', () => {
    let out = '';
    let clock = 0;
    const renderer = createProgressRenderer({ mode: 'lines', label: 'device-compose', write: (text) => (out += text), now: () => (clock += 1000) });
    for (const event of EVENTS) renderer.onProgress(event);
    renderer.stop();
    expect(out.split('\n')).toEqual([
      'device-compose: 2 check group(s); deadlines x2.5 (calibrated)',
      'device-compose [1/2] device-api/lifecycle: pass (DS-028, DS-029) in 1.2 s, 1.0 s elapsed',
      'device-compose [2/2] device-api/wrong-size: error (DS-019) in 18.0 s, 2.0 s elapsed',
      '',
    ]);
  });

  it('writes nothing when quiet', () => {
    let out = '';
    const renderer = createProgressRenderer({ mode: 'off', label: 'wfm', write: (text) => (out += text) });
    for (const event of EVENTS) renderer.onProgress(event);
    renderer.stop();
    expect(out).toBe('');
  });
});
