import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadOrCreateStablePki } from '../../core/identity/stable-pki.js';
import type { TestPki } from '../../core/identity/index.js';
import { runWfm } from '../runs/run-wfm.js';
import { startHostileWfm, type HostileWfmKind } from './hostile-servers/hostile-wfm.js';

let pkiDir: string;
let pki: TestPki;

beforeAll(async () => {
  pkiDir = await mkdtemp(join(tmpdir(), 'margo-hostile-wfm-'));
  pki = (await loadOrCreateStablePki(pkiDir)).pki;
});

afterAll(() => rm(pkiDir, { recursive: true, force: true }));

interface Row {
  kind: HostileWfmKind;
  only?: string[];
  expected: { verdict: string; outcomes: Record<string, string>; error?: RegExp };
}

/** The bound: a target that never completes a handshake or resets is `error` in under 15 s. */
const RUN_BOUND_MS = 15_000;

const ROWS: Row[] = [
  { kind: 'never-answers', expected: { verdict: 'error', outcomes: {}, error: /^The WFM at 127\.0\.0\.1:\d+ is not reachable: awaited a completed TLS handshake within \d+ ms, but accepted TCP but completed no TLS handshake within \d+ ms\. / } },
  { kind: 'resets', expected: { verdict: 'error', outcomes: {}, error: /^The WFM at 127\.0\.0\.1:\d+ is not reachable: awaited a completed TLS handshake within \d+ ms, but the connection was reset before a TLS handshake completed \(ECONNRESET\)\. / } },
  { kind: 'http-1.0', only: ['API-002'], expected: { verdict: 'non-conformant', outcomes: { 'API-002': 'fail' } } },
  { kind: 'wrong-svid', only: ['ID-007'], expected: { verdict: 'non-conformant', outcomes: { 'ID-007': 'fail' } } },
];

describe('the WFM profile against hostile WFMs (rc.3)', () => {
  it.each(ROWS)('$kind: verdict $expected.verdict', async ({ kind, only, expected }) => {
    const wfm = await startHostileWfm(kind, pki);
    try {
      const results = await runWfm({ edition: EDITIONS['1.0.0-rc.3'], target: wfm.url, control: wfm.controlUrl, pkiDir, ...(only ? { only } : {}) });
      const outcomes = Object.fromEntries(results.requirements.filter((r) => r.outcome !== 'not-covered' && r.outcome !== 'skip').map((r) => [r.id, r.outcome]));
      expect({ verdict: results.verdict, outcomes: expected.error ? {} : outcomes }).toEqual({ verdict: expected.verdict, outcomes: expected.outcomes });
      if (expected.error) {
        expect(results.errors.map((e) => e.message)).toEqual([expect.stringMatching(expected.error)]);
        expect(results.run.durationMs).toBeLessThan(RUN_BOUND_MS);
      }
      // Every pass and every fail stands on recorded traffic.
      for (const result of results.results.filter((r) => r.outcome === 'pass' || r.outcome === 'fail')) expect(result.observed?.length ?? 0).toBeGreaterThan(0);
    } finally {
      await wfm.close();
    }
  }, 30_000);

  it('wrong-svid: the ID-007 failure cites the handshake with the device SVID the WFM presented', async () => {
    const wfm = await startHostileWfm('wrong-svid', pki);
    try {
      const results = await runWfm({ edition: EDITIONS['1.0.0-rc.3'], target: wfm.url, control: wfm.controlUrl, pkiDir, only: ['ID-007'] });
      const result = results.results.find((r) => r.requirement === 'ID-007');
      const handshakes = (results.traffic ?? []).filter((record) => record.kind === 'tls' && result?.observed?.some((ref) => ref.kind === 'traffic' && ref.id === record.id));
      expect(handshakes.map((h) => h.kind === 'tls' && { result: h.result, uris: h.peer?.uris })).toEqual([{ result: 'refused-by-kit', uris: [`spiffe://${pki.trustDomain}/margo/wfm/${pki.wfmId}/client/impostor`] }]);
    } finally {
      await wfm.close();
    }
  }, 30_000);
});
