import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { LaunchError, type Launcher } from '../launch/index.js';
import { runWfm } from './run-wfm.js';
import { inProcessReference } from '../self-test/in-process-wfm-launcher.js';

describe('runWfm', () => {
  it('decides only the requirements given with only, for subject kind wfm and profile wfm', async () => {
    const results = await runWfm({ edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessReference({ edition: '1.0.0-rc.3' }), only: ['DS-005', 'DS-007'] });
    expect({
      profile: results.profile.id,
      subject: results.subject.kind,
      requirements: results.requirements.map((r) => `${r.id}:${r.outcome}`),
      checks: [...new Set(results.results.map((r) => r.check))],
    }).toEqual({
      profile: 'wfm',
      subject: 'wfm',
      requirements: ['DS-005:pass', 'DS-007:pass'],
      checks: ['wfm-api/manifest-etag', 'wfm-api/manifest-not-modified'],
    });
  });

  it('turns a subject that cannot start into an error verdict with the launcher message', async () => {
    const failing: Launcher = { describe: () => 'broken WFM', start: () => Promise.reject(new LaunchError('broken WFM was not ready after 10 ms', '')) };
    const results = await runWfm({ edition: EDITIONS['preview-1'], launcher: () => failing, only: ['DS-005'] });
    expect({ verdict: results.verdict, errors: results.errors }).toEqual({ verdict: 'error', errors: [{ message: 'broken WFM was not ready after 10 ms' }] });
  });

  it('makes an unreachable target a run error, never a fail or a run of skips', async () => {
    const results = await runWfm({ edition: EDITIONS['1.0.0-rc.3'], target: 'https://127.0.0.1:1', only: ['DS-003', 'DS-005'] });
    expect({ verdict: results.verdict, errors: results.errors, decided: results.results.length }).toEqual({
      verdict: 'error',
      errors: [{ message: expect.stringMatching(/^The WFM at 127\.0\.0\.1:1 is not reachable: awaited a completed TLS handshake within \d+ ms, but nothing accepted a TCP connection \(ECONNREFUSED\)\. Start it, or check --target\.$/) }],
      decided: 0,
    });
  });
});
