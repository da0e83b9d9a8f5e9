import { afterAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';
import { createTestPki } from '../../core/identity/index.js';
import type { RunResults } from '../../core/results/model.js';
import { runDevice } from '../runs/run-device.js';
import { runWfm } from '../runs/run-wfm.js';
import { RUN_LABEL, listLabelled } from './container-cleanup.js';
import { engineRequest, resolveEngine } from './container-engine.js';
import { createContainerLauncher } from './container-launcher.js';
import { createContainerRun } from './container-run.js';
import { createDeviceContainerLauncher } from './device-container-launcher.js';
import { withTestcontainersEnvironment } from './start-container.js';

// The test process owns its environment, as the CLI does (bin.ts).
withTestcontainersEnvironment(process.env);

// These tests need a container engine and the reference images (npm run images). In CI they must run,
// so a missing engine fails them; on a developer machine they skip with one line.
const engine = resolveEngine(process.env);
const reachable = await engineRequest(engine, { path: '/_ping', timeoutMs: 500 }).then(
  (answer) => answer.status === 200,
  () => false,
);
const WFM_IMAGE = process.env.MARGO_WFM_IMAGE ?? 'margo-reference-wfm:local';
const DEVICE_IMAGE = process.env.MARGO_DEVICE_IMAGE ?? 'margo-reference-device:local';
const EDITION_IDS: EditionId[] = ['1.0.0-rc.3', 'preview-1'];

if (!reachable && process.env.CI === 'true') {
  describe('container end-to-end', () => {
    it('has a container engine in CI', () => {
      expect.fail(`No container engine answered at ${engine.display}; CI must start one (.ci/dockerd.sh start) before the tests.`);
    });
  });
} else if (!reachable) {
  console.info(`container end-to-end tests skipped: no container engine at ${engine.display} (sudo .ci/dockerd.sh start, then npm run images).`);
  describe.skip('container end-to-end', () => undefined);
} else {
  const run = createContainerRun({ engine });
  afterAll(async () => {
    await run.close();
    expect(await listLabelled(engine, `${RUN_LABEL}=${run.runId}`)).toEqual([]);
  });

  describe('container launcher against the reference WFM image', () => {
    it('starts, answers on 127.0.0.1, restarts on the same port and is removed on stop', async () => {
      const pki = await createTestPki();
      const sut = await createContainerLauncher({ image: WFM_IMAGE, run, edition: '1.0.0-rc.3', pki }).start();
      const wellKnown = async () => (await fetchInsecure(`${sut.url}/.well-known/margo`)).trustDomain;
      const before = await wellKnown();
      await sut.restart?.();
      const after = await wellKnown();
      await sut.stop();
      expect({ url: /^https:\/\/127\.0\.0\.1:\d+$/.test(sut.url), before, after, left: await listLabelled(engine, `${RUN_LABEL}=${run.runId}`), ready: sut.logs().split('\n').filter((l) => l.includes('"ready":true')).length })
        .toEqual({ url: true, before: pki.trustDomain, after: pki.trustDomain, left: [], ready: 2 });
    });

    it.each([
      { name: 'port', readiness: { kind: 'port' } as const },
      { name: 'https', readiness: { kind: 'https', path: '/.well-known/margo' } as const },
    ])('waits for readiness by $name', async ({ readiness }) => {
      const sut = await createContainerLauncher({ image: WFM_IMAGE, run, edition: 'preview-1', pki: await createTestPki(), readiness }).start();
      const answer = await fetchInsecure(`${sut.url}/.well-known/margo`).then(() => 'answered', (e: Error) => e.message);
      await sut.stop();
      expect(answer).toBe('answered');
    });

    it('says what it awaited and for how long, with the container output, when the ready line never comes', async () => {
      const launcher = createContainerLauncher({ image: WFM_IMAGE, run, edition: '1.0.0-rc.3', pki: await createTestPki(), readiness: { kind: 'log', pattern: /never printed/ }, readyTimeoutMs: 1500 });
      await expect(launcher.start()).rejects.toThrow(/^The WFM container margo-reference-wfm:local \([0-9a-f]{12}\) was not ready after 1500 ms; awaited a log line matching \/never printed\/\. Its output:\n\{"ready":true/);
    });

    it('reports a container that exits before it is ready, with its exit code and stderr', async () => {
      const launcher = createContainerLauncher({ image: WFM_IMAGE, run, edition: '1.0.0-rc.3', pki: await createTestPki(), env: { MARGO_EDITION: 'no-such-edition' } });
      await expect(launcher.start()).rejects.toThrow(/exited \(code 2\) before it was ready; awaited a \{"ready":true\} line on stdout\. Its output:\n.*edition/s);
    });
  });

  describe.each(EDITION_IDS)('profiles against the reference images, %s', (editionId) => {
    it('wfm profile is conformant against the reference WFM image', { timeout: 180_000 }, async () => {
      const results = await runWfm({ edition: EDITIONS[editionId], launcher: (pki) => createContainerLauncher({ image: WFM_IMAGE, run, edition: editionId, pki }) });
      expect(summary(results)).toEqual({ verdict: 'conformant', errors: [], failed: [], decided: true });
    });

    it('device-compose profile is conformant against the reference device image', { timeout: 300_000 }, async () => {
      const results = await runDevice({ profile: 'device-compose', edition: EDITIONS[editionId], launcher: createDeviceContainerLauncher({ image: DEVICE_IMAGE, run }) });
      expect(summary(results)).toEqual({ verdict: 'conformant', errors: [], failed: [], decided: true });
    });
  });
}

describe.runIf(reachable)('faults reach the product through the container environment', () => {
  // A clean run proves nothing if the container path cannot fail: one fault per image, through MARGO_FAULTS.
  it('wfm profile fails DS-005 against the reference WFM image with weak-etag', { timeout: 60_000 }, async () => {
    const run = createContainerRun({ engine });
    try {
      const results = await runWfm({ edition: EDITIONS['1.0.0-rc.3'], only: ['DS-005'], launcher: (pki) => createContainerLauncher({ image: WFM_IMAGE, run, edition: '1.0.0-rc.3', pki, faults: ['weak-etag'] }) });
      expect(results.requirements.map((r) => `${r.id}:${r.outcome}`)).toEqual(['DS-005:fail']);
    } finally {
      await run.close();
    }
  });

  it('device-compose profile fails DS-027 against the reference device image with forgets-etag-on-restart', { timeout: 60_000 }, async () => {
    const run = createContainerRun({ engine });
    try {
      const results = await runDevice({ profile: 'device-compose', edition: EDITIONS['1.0.0-rc.3'], only: ['DS-027'], launcher: createDeviceContainerLauncher({ image: DEVICE_IMAGE, run, faults: ['forgets-etag-on-restart'] }) });
      expect(results.requirements.map((r) => `${r.id}:${r.outcome}`)).toEqual(['DS-027:fail']);
    } finally {
      await run.close();
    }
  });
});

/** Conformant, and not by skipping: every core requirement of the profile that a check decides passed. */
function summary(results: RunResults) {
  const core = results.requirements.filter((r) => r.level === 'core');
  if (process.env.MARGO_E2E_VERBOSE) console.info(`${results.profile.id} ${results.edition.id}: ${core.filter((r) => r.outcome === 'pass').length} core pass, ${core.filter((r) => r.outcome === 'skip').length} core skip`);
  return {
    verdict: results.verdict,
    errors: results.errors,
    failed: results.requirements.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => r.id),
    decided: core.some((r) => r.outcome === 'pass'),
  };
}

/** GET over HTTPS without verifying the test certificate: only reachability is in question here. */
async function fetchInsecure(url: string): Promise<{ trustDomain?: string }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    request(url, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve(JSON.parse(body) as { trustDomain?: string }));
    })
      .on('error', reject)
      .end();
  });
}
