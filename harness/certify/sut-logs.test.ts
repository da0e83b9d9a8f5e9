import { describe, expect, it } from 'vitest';
import { formatSutLogs } from './sut-logs.js';

describe('formatSutLogs', () => {
  it.each([
    { what: 'nothing launched and no error', logs: [], errors: [], text: '' },
    { what: 'one WFM', logs: [{ source: 'wfm', text: '{"ready":true}\nlistening' }], errors: [], text: '=== wfm ===\n{"ready":true}\nlistening\n' },
    {
      what: 'devices in name order, a silent one said so',
      logs: [{ source: 'device d-2', text: 'b\n' }, { source: 'device d-1', text: '' }],
      errors: [],
      text: '=== device d-1 ===\n(no output)\n\n=== device d-2 ===\nb\n',
    },
    {
      what: 'a failed launch after the logs, errors without output left out',
      logs: [{ source: 'wfm', text: 'x\n' }],
      errors: [{ message: 'The WFM exited (code 4) before it was ready.', detail: 'boom' }, { message: 'no detail' }],
      text: '=== wfm ===\nx\n\n=== run error: The WFM exited (code 4) before it was ready. ===\nboom\n',
    },
  ])('writes $what', ({ logs, errors, text }) => {
    expect(formatSutLogs(logs, errors)).toBe(text);
  });
});
