import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';
import { loadOrCreateStablePki } from '../../core/identity/stable-pki.js';
import type { TestPki } from '../../core/identity/index.js';
import type { RunResults, TrafficRecord } from '../../core/results/model.js';
import { runWfm } from '../runs/run-wfm.js';
import { startEmptyJsonWfm } from './hostile-servers/answers-empty-json.js';
import { unprovenPasses } from './test-support/unproven-passes.js';

let pkiDir: string;
let pki: TestPki;

beforeAll(async () => {
  pkiDir = await mkdtemp(join(tmpdir(), 'margo-empty-json-'));
  pki = (await loadOrCreateStablePki(pkiDir)).pki;
});

afterAll(() => rm(pkiDir, { recursive: true, force: true }));

/** What the TLS handshake and the HTTP version alone can prove: the only rows a `200 {}` WFM may pass. */
const PROVEN_BY_TRANSPORT = /^(ID-\d+|API-002)$/;

interface Row {
  edition: EditionId;
  /** Requirement outcomes pinned exactly: every one of these passed against this server before its check stated its precondition. */
  outcomes: Record<string, string>;
}

const ROWS: Row[] = [
  {
    edition: '1.0.0-rc.3',
    outcomes: {
      'DS-006': 'indeterminate',
      'DS-008': 'indeterminate',
      'DS-016': 'indeterminate',
      'DS-017': 'indeterminate',
      'ERR-001': 'indeterminate',
      'ERR-002': 'indeterminate',
      'ERR-004': 'indeterminate',
      'ERR-005': 'indeterminate',
      'ERR-008': 'indeterminate',
      'TB-002': 'indeterminate',
      'TB-006': 'indeterminate',
      'ID-004': 'indeterminate',
      'ID-017': 'indeterminate',
    },
  },
  // Onboarding answers 200 {} instead of 201 {clientId}: everything behind it is undecided, API-007 not exercised.
  { edition: 'preview-1', outcomes: { 'API-007': 'indeterminate', 'ONB-005': 'fail', 'DS-006': 'error', 'ERR-009': 'error' } },
];

/** A handshake, or an exchange whose HTTP version was observed on the wire. */
const provesTransport = (record: TrafficRecord | undefined) => record?.kind === 'tls' || (record?.kind === 'http' && record.httpVersion !== undefined);

const outcomeOf = (results: RunResults, id: string) => results.requirements.find((r) => r.id === id)?.outcome;

describe('the WFM profile against a WFM that answers 200 {} to everything, behind a control adapter that accepts every operation', () => {
  it.each(ROWS)('$edition: non-conformant, and nothing passes but what the handshake and HTTP version prove', async ({ edition, outcomes }) => {
    const wfm = await startEmptyJsonWfm(EDITIONS[edition], pki);
    try {
      const results = await runWfm({ edition: EDITIONS[edition], target: wfm.url, control: wfm.controlUrl, pkiDir });
      const passing = results.requirements.filter((r) => r.outcome === 'pass').map((r) => r.id);
      expect({ verdict: results.verdict, errors: results.errors, beyondTransport: passing.filter((id) => !PROVEN_BY_TRANSPORT.test(id)) }).toEqual({ verdict: 'non-conformant', errors: [], beyondTransport: [] });
      expect(Object.fromEntries(Object.keys(outcomes).map((id) => [id, outcomeOf(results, id)]))).toEqual(outcomes);
      // Every pass (and every core one in particular) cites records of the run's traffic log: a handshake or an exchange.
      expect(unprovenPasses(results)).toEqual([]);
      // What the remaining passes stand on is transport itself: a handshake, or an exchange with its observed HTTP version.
      const records = new Map((results.traffic ?? []).map((record) => [record.id, record]));
      const transportless = results.results
        .filter((r) => r.outcome === 'pass')
        .filter((r) => !(r.observed ?? []).some((ref) => ref.kind === 'traffic' && provesTransport(records.get(ref.id))))
        .map((r) => r.requirement);
      expect(transportless).toEqual([]);
      expect(wfm.requests()).toBeGreaterThan(0);
    } finally {
      await wfm.close();
    }
  }, 120_000);
});
