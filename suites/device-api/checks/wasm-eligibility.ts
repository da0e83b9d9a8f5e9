import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { finalReport, waitForFinalReports } from '../support/final-report.js';
import { expired, fail, guarded } from '../support/findings.js';
import { statusReports } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';
import { startWasmRegistry, wasmApplication, wasmEligibilityRule } from '../support/wasm-registry.js';

interface Case {
  name: string;
  rule: Record<string, unknown>;
  eligible: boolean;
  what: string;
}

/** The suite's Wasm device declares runtime node-wasi and WASI [wasip1] (support/default-capabilities.ts). */
const CASES: Case[] = [
  { name: 'matching', rule: wasmEligibilityRule('wasip1'), eligible: true, what: 'selects the runtime label and wasip1' },
  { name: 'other-wasi', rule: wasmEligibilityRule('wasip2'), eligible: false, what: 'asks for WASI level wasip2' },
  { name: 'other-runtime', rule: wasmEligibilityRule('wasip1', ['no-such-wasm-runtime']), eligible: false, what: 'asks for runtime no-such-wasm-runtime' },
];

/**
 * WASM-019: eligibility on the Wasm labels. A deployment whose rules the device's labels do not satisfy
 * is not run: reported failed without installing (our DS-032 reading); the matching one is the control.
 */
export const wasmEligibility = defineCheck<DeviceContext>({
  id: 'device-api/wasm-eligibility',
  title: 'A Wasm deployment whose eligibility rules the device labels do not satisfy is not run',
  requirements: ['WASM-019'],
  run: (context) =>
    guarded(['WASM-019'], async () => {
      const wasm = await startWasmRegistry();
      try {
        return await withSession(context, 'wasm-eligibility', async (session) => {
          await steady(session, context.waitMs);
          const assigned: { row: Case; deploymentId: string }[] = [];
          for (const row of CASES) {
            const { deploymentId } = await session.assign(wasmApplication(`wasm-eligibility-${row.name}`, wasm.component('module', 'good-command'), row.rule));
            assigned.push({ row, deploymentId });
          }
          const { traffic } = session.mock;
          const since = traffic.mark();
          await waitForFinalReports(traffic, context.edition, assigned.map((a) => a.deploymentId), context.waitMs);
          const findings: Finding[] = [];
          for (const { row, deploymentId } of assigned) {
            const reports = statusReports(traffic, context.edition, deploymentId);
            const started = reports.find((r) => r.state === 'installing' || r.state === 'installed');
            const outcome = finalReport(traffic, context.edition, deploymentId)?.state ?? 'no final report';
            // No final report is a wait that expired: proof only when the device started an ineligible one.
            if (outcome === 'no final report' && !(started && !row.eligible)) {
              findings.push(...expired(['WASM-019'], { awaited: `a final status (installed or failed) for Wasm deployment ${row.name}, whose eligibility rule ${row.what}`, waitMs: context.waitMs, traffic, since }));
              continue;
            }
            if (row.eligible && outcome !== 'installed') {
              findings.push(fail('WASM-019', `Wasm deployment ${row.name}, whose eligibility rule ${row.what} and holds for this device, ended ${outcome}; expected installed (WASM-019).`, reports.at(-1)?.exchange));
            }
            if (!row.eligible && (started || outcome !== 'failed')) {
              findings.push(fail('WASM-019', `Wasm deployment ${row.name}, whose eligibility rule ${row.what}, was ${started ? `reported ${started.state}` : `never reported failed (${outcome})`}; expected failed without running it (WASM-019).`, (started ?? reports.at(-1))?.exchange));
            }
          }
          return findings;
        });
      } finally {
        await wasm.close();
      }
    }),
});
