import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EditionId } from '../../core/catalog/types.js';
import type { TestPki } from '../../core/identity/index.js';
import type { Launcher } from '../launch/index.js';
import type { DeploymentShape } from '../../reference/wfm/desired/render-deployment.js';
import { startWfm, type RunningWfm } from '../../reference/wfm/start-wfm.js';

/**
 * The reference WFM started in the test process (no build needed): same ports and state directory on
 * restart, like the local-process launcher. The CLI default stays a real process.
 */
export function inProcessReference(options: { edition: EditionId; faults?: string[]; deploymentShape?: DeploymentShape }): (pki: TestPki) => Launcher {
  return (pki) => ({
    describe: () => `reference WFM in process${options.faults?.length ? ` with ${options.faults.join(', ')}` : ''}${options.deploymentShape ? ` writing the ${options.deploymentShape} deployment shape` : ''}`,
    async start() {
      const stateDir = await mkdtemp(join(tmpdir(), 'margo-wfm-state-'));
      const settings = {
        edition: options.edition,
        tls: {
          certPem: pki.wfm.certPem,
          keyPem: pki.wfm.keyPem,
          caPem: pki.bundlePem,
          // The serves-client-svid fault serves a device-shaped SVID of the same trust domain (ID-007).
          ...(options.faults?.includes('serves-client-svid') ? { otherPrincipal: await pki.issueWfm({ wrongPath: true }) } : {}),
        },
        trustDomain: pki.trustDomain,
        wfmId: pki.wfmId,
        stateDir,
        faults: options.faults ?? [],
        // Low enough that the ERR-006 burst meets the limiter within a few dozen requests, high enough
        // that no other check's client (at most ~30 requests) ever does.
        rateLimit: { burst: 60, perSecond: 20 },
        ...(options.deploymentShape ? { deploymentShape: options.deploymentShape } : {}),
      };
      let running: RunningWfm = await startWfm(settings);
      const ports = { port: Number(new URL(running.url).port), controlPort: Number(new URL(running.controlUrl).port) };
      return {
        url: running.url,
        controlUrl: running.controlUrl,
        logs: () => '',
        async restart() {
          await running.close();
          running = await startWfm({ ...settings, ...ports });
        },
        async stop() {
          await running.close();
          await rm(stateDir, { recursive: true, force: true });
        },
      };
    },
  });
}
