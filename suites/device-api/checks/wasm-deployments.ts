import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { errorMessages, finalReport, moduleOutput, waitForFinalReports } from '../support/final-report.js';
import { expired, fail, guarded } from '../support/findings.js';
import { requestLine, statusReports } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';
import { MODULE_MEMORY_LIMIT_BYTES, startWasmRegistry, wasmApplication, type WasmModule } from '../support/wasm-registry.js';

const REQUIREMENTS = ['WASM-014', 'WASM-015', 'WASM-016', 'WASM-017'];

interface Case {
  requirement: string;
  name: string;
  module: WasmModule;
  expect: 'installed' | 'failed';
  /** What the module is, for messages. */
  what: string;
  /** Text the failure's error message must contain. */
  names?: string;
}

/** One Wasm deployment per row, all assigned at once to one device, each pulling its module from the scenario's registry. */
const CASES: Case[] = [
  { requirement: 'WASM-014', name: 'pulled', module: 'good-command', expect: 'installed', what: 'a valid wasip1 command' },
  { requirement: 'WASM-014', name: 'tampered', module: 'pull-check', expect: 'failed', what: 'a module whose layer blob the registry served altered, under its digest' },
  { requirement: 'WASM-015', name: 'starts', module: 'good-command', expect: 'installed', what: 'a command whose _start returns' },
  { requirement: 'WASM-015', name: 'traps', module: 'trap-at-start', expect: 'failed', what: 'a command that traps in _start' },
  { requirement: 'WASM-016', name: 'over-memory', module: 'large-memory', expect: 'failed', what: `a module starting at 4 MiB of memory with memoryLimitBytes ${MODULE_MEMORY_LIMIT_BYTES}` },
  { requirement: 'WASM-017', name: 'unknown-import', module: 'unknown-import', expect: 'failed', what: 'a module importing env.host_log', names: 'host_log' },
];

/**
 * The Wasm device runs what it may and refuses the rest (profiles/device-wasm.md sections 3, 4): it pulls
 * and verifies the artifact and refuses a tampered layer (WASM-014), reports installed only once _start
 * returned and failed with an error on a trap (WASM-015), refuses memory over memoryLimitBytes (WASM-016)
 * and imports outside wasi_snapshot_preview1, naming the import (WASM-017).
 */
export const wasmDeployments = defineCheck<DeviceContext>({
  id: 'device-api/wasm-deployments',
  title: 'A Wasm device pulls, verifies, checks and starts Wasm modules, and reports each refusal as failed',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const wasm = await startWasmRegistry();
      try {
        return await withSession(context, 'wasm-deployments', async (session) => {
          await steady(session, context.waitMs);
          wasm.tamperPullCheck();
          const assigned: { row: Case; deploymentId: string }[] = [];
          for (const row of CASES) {
            const { deploymentId } = await session.assign(wasmApplication(`wasm-${row.name}`, wasm.component('module', row.module)));
            assigned.push({ row, deploymentId });
          }
          const { traffic } = session.mock;
          const since = traffic.mark();
          await waitForFinalReports(traffic, context.edition, assigned.map((a) => a.deploymentId), context.waitMs * 2);
          const findings: Finding[] = [];
          for (const { row, deploymentId } of assigned) {
            const final = finalReport(traffic, context.edition, deploymentId);
            const last = final ?? statusReports(traffic, context.edition, deploymentId).at(-1);
            const evidence = { module: row.module, layerDigest: wasm.layerDigest(row.module), pulls: wasm.pullsOf(row.module), ...outputOf(session.logs(), deploymentId) };
            const outcome = final?.state ?? 'no final report';
            const errors = final ? errorMessages(final) : [];
            if (!final) {
              findings.push(...expired([row.requirement], { awaited: `a final status (installed or failed) for deployment wasm-${row.name} (${row.what})`, waitMs: context.waitMs * 2, traffic, since }));
            } else if (outcome !== row.expect) {
              const said = errors.length > 0 ? ` (${errors.join('; ')})` : '';
              findings.push(fail(row.requirement, `Deployment wasm-${row.name} (${row.what}) ended ${outcome}${said}; expected ${row.expect} (${row.requirement}).`, last?.exchange, evidence));
            } else if (row.expect === 'failed' && errors.length === 0) {
              findings.push(fail(row.requirement, `${requestLine(final.exchange)} reports deployment wasm-${row.name} failed without an error message; say why the module was refused (${row.requirement}).`, final.exchange, evidence));
            } else if (row.names && !errors.some((message) => message.includes(row.names as string))) {
              findings.push(fail(row.requirement, `Deployment wasm-${row.name} failed with "${errors.join('; ')}", which does not name the import ${row.names} (${row.requirement}). Name the import the device cannot supply.`, final.exchange, evidence));
            } else if (row.name === 'pulled' && !wasm.pullsOf(row.module).some((request) => request.status === 200 && request.digest === wasm.layerDigest(row.module) && request.path.includes('/blobs/'))) {
              findings.push(fail(row.requirement, `Deployment wasm-${row.name} was reported installed, but the device never fetched its layer blob ${wasm.layerDigest(row.module)} from the registry its repository names (${row.requirement}).`, final.exchange, evidence));
            }
          }
          return findings;
        });
      } finally {
        await wasm.close();
      }
    }),
});

function outputOf(logs: string, deploymentId: string): Record<string, unknown> {
  const output = moduleOutput(logs, deploymentId);
  return output.length > 0 ? { moduleOutput: output } : {};
}
