import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { expired, fail, guarded, happened, passed } from '../support/findings.js';
import { IGNORED_POLLS, ignoredChange, requestLine, statusReports, waitForState } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';
import { startWasmRegistry, wasmApplication } from '../support/wasm-registry.js';

/** WASM-018: a running Wasm deployment that leaves the manifest is stopped and reported removing, then removed. */
export const wasmRemoval = defineCheck<DeviceContext>({
  id: 'device-api/wasm-removal',
  title: 'Removing a Wasm deployment is reported removing, then removed',
  requirements: ['WASM-018'],
  run: (context) =>
    guarded(['WASM-018'], async () => {
      const wasm = await startWasmRegistry();
      try {
        return await withSession(context, 'wasm-removal', async (session) => {
          await steady(session, context.waitMs);
          const { traffic, operator } = session.mock;
          const { deploymentId } = await session.assign(wasmApplication('wasm-removal', wasm.component('module', 'good-command')));
          // The install is the prerequisite, judged by the wasm-deployments check; here it only gates.
          await waitForState(traffic, context.edition, deploymentId, 'installed', { timeoutMs: context.waitMs });
          const mark = traffic.mark();
          operator.deleteDeployment(deploymentId);
          if (!(await happened(waitForState(traffic, context.edition, deploymentId, 'removed', { since: mark, timeoutMs: context.waitMs })))) {
            const ignored = ignoredChange(traffic, context.edition, deploymentId, mark, ['removing', 'removed', 'failed']);
            if (ignored) return [fail('WASM-018', `${requestLine(ignored)} was the device's ${IGNORED_POLLS}th manifest poll since Wasm deployment ${deploymentId} left the manifest, and it reported neither removing nor removed (WASM-018). Stop the module and report removed.`, ignored)];
            return expired(['WASM-018'], { awaited: `a status report "removed" for Wasm deployment ${deploymentId}, which left the manifest`, waitMs: context.waitMs, traffic, since: mark });
          }
          const removal = statusReports(traffic, context.edition, deploymentId, mark);
          const removed = removal.findIndex((r) => r.state === 'removed');
          if (!removal.slice(0, removed).some((r) => r.state === 'removing')) {
            return [fail('WASM-018', `The removal of Wasm deployment ${deploymentId} was reported as ${removal.map((r) => r.state).join(', ')}: removing was never reported before removed (WASM-018).`, removal[0]?.exchange)];
          }
          return passed(['WASM-018'], `The removal of Wasm deployment ${deploymentId} was reported as ${removal.slice(0, removed + 1).map((r) => r.state).join(', ')}.`, removal.slice(0, removed + 1).map((r) => r.exchange));
        });
      } finally {
        await wasm.close();
      }
    }),
});
