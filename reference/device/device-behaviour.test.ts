import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { createTestPki, type Svid, type TestPki } from '../../core/identity/index.js';
import type { DeviceEvent } from './device-events.js';
import type { DeviceOptions } from './device-options.js';
import type { DeviceFaultId } from './faults.js';
import { startDevice, type RunningDevice } from './start-device.js';
import { deploymentYaml, sha256, startScriptedWfm, type ScriptedWfm } from './test-support/scripted-wfm.js';

interface Scene {
  wfm: ScriptedWfm;
  device: RunningDevice;
  /** Status bodies the WFM received, parsed. */
  statuses(): { deploymentId: string; status: { state: string; error?: unknown }; components: { name: string; state: string }[] }[];
}

interface Row {
  requirement: string;
  fault: DeviceFaultId;
  title: string;
  options?: Partial<DeviceOptions>;
  wfmSvid?: (pki: TestPki) => Promise<Svid>;
  arrange?: (wfm: ScriptedWfm) => void;
  /** True when the deviation the requirement forbids was observed. */
  deviates: (scene: Scene) => Promise<boolean>;
}

const A = '11111111-1111-4111-8111-111111111111';
const is = (name: DeviceEvent['event'], match: Record<string, unknown> = {}) => (event: DeviceEvent) =>
  event.event === name && Object.entries(match).every(([key, value]) => (event as Record<string, unknown>)[key] === value);
const installedOrRejected = (scene: Scene) =>
  scene.device.waitFor((event) => is('manifest-rejected')(event) || is('deployment-failed')(event) || is('install')(event));
const installs = (scene: Scene) => scene.device.events.some(is('install', { outcome: 'installed' }));

const ROWS: Row[] = [
  {
    requirement: 'DS-024',
    fault: 'skips-yaml-digest-check',
    title: 'refuses a deployment YAML that does not match its digest and installs nothing',
    arrange: (wfm) => wfm.serve({ version: 1, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }]), digest: sha256('something else') }] }),
    deviates: async (scene) => (await installedOrRejected(scene), installs(scene)),
  },
  {
    requirement: 'DS-025',
    fault: 'accepts-sha512-digest',
    title: 'treats a manifest with a sha512 digest as invalid',
    arrange: (wfm) => {
      const yaml = deploymentYaml(A, [{ name: 'web' }]);
      wfm.serve({ version: 1, deployments: [{ id: A, yaml, digest: `sha512:${createHash('sha512').update(yaml).digest('hex')}` }] });
    },
    deviates: async (scene) => (await installedOrRejected(scene), installs(scene)),
  },
  {
    requirement: 'DS-019',
    fault: 'uses-size-bytes-for-integrity',
    title: 'installs a deployment whose sizeBytes is wrong but whose digest matches',
    arrange: (wfm) => wfm.serve({ version: 1, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }]), sizeBytes: 3 }] }),
    deviates: async (scene) => (await installedOrRejected(scene), !installs(scene)),
  },
  {
    requirement: 'DS-026',
    fault: 'accepts-equal-manifest-version',
    title: 'rejects a manifest whose version equals the accepted one',
    arrange: (wfm) => wfm.serve({ version: 2, deployments: [] }),
    deviates: async (scene) => {
      await scene.device.waitFor(is('manifest-applied', { manifestVersion: 2 }));
      scene.wfm.serve({ version: 2, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }]) }] });
      return (await installedOrRejected(scene), installs(scene));
    },
  },
  {
    requirement: 'DS-021',
    fault: 'treats-404-as-removal',
    title: 'keeps a deployment whose new revision answers 404',
    arrange: (wfm) => wfm.serve({ version: 1, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }]) }] }),
    deviates: async (scene) => {
      await scene.device.waitFor(is('manifest-applied', { manifestVersion: 1 }));
      scene.wfm.serve({ version: 2, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }, { name: 'db' }]) }] });
      scene.wfm.script = (request) => (request.path.startsWith(`/api/v1/deployments/${A}/`) ? { status: 404 } : undefined);
      await scene.device.waitFor(is('manifest-rejected', { requirement: 'DS-021' }));
      return scene.device.events.some(is('remove'));
    },
  },
  {
    requirement: 'DS-028',
    fault: 'keeps-unlisted-deployments',
    title: 'removes a deployment that is no longer listed',
    arrange: (wfm) => wfm.serve({ version: 1, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }]) }] }),
    deviates: async (scene) => {
      await scene.device.waitFor(is('manifest-applied', { manifestVersion: 1 }));
      scene.wfm.serve({ version: 2, deployments: [] });
      await scene.device.waitFor(is('manifest-applied', { manifestVersion: 2 }));
      return !scene.device.events.some(is('remove', { deploymentId: A }));
    },
  },
  {
    requirement: 'DS-032',
    fault: 'ignores-eligibility-rules',
    title: 'reports failed for a deployment whose eligibility rules do not hold',
    arrange: (wfm) => {
      const rules = [{ labelSelector: { matchExpressions: [{ key: 'example.com/site', operator: 'In', values: ['plant-7'] }] } }];
      wfm.serve({ version: 1, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }], { deviceConstraints: { eligibilityRules: rules } }) }] });
    },
    deviates: async (scene) => (await installedOrRejected(scene), installs(scene)),
  },
  {
    requirement: 'DS-038',
    fault: 'fails-on-unknown-extensions',
    title: 'installs a deployment that carries unknown x-*-extensions',
    arrange: (wfm) => wfm.serve({ version: 1, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }], { 'x-zzz-extensions': { a: 1 } }) }] }),
    deviates: async (scene) => (await installedOrRejected(scene), !installs(scene)),
  },
  {
    requirement: 'ST-006',
    fault: 'overall-installed-while-component-failed',
    title: 'reports failed overall when one of two components failed',
    arrange: (wfm) => wfm.serve({ version: 1, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'web' }, { name: 'db', repository: 'oci://install-fails.sim.margo.test/db' }]) }] }),
    deviates: async (scene) => {
      await scene.device.waitFor(is('manifest-applied'));
      await scene.device.waitFor((event) => is('status-sent')(event) && scene.device.events.filter(is('status-sent')).length >= 4);
      return scene.statuses().at(-1)?.status.state !== 'failed';
    },
  },
  {
    requirement: 'PKG-015',
    fault: 'ignores-wait',
    title: 'starts the second component only after the first is installed',
    arrange: (wfm) => wfm.serve({ version: 1, deployments: [{ id: A, yaml: deploymentYaml(A, [{ name: 'slow', repository: 'oci://slow.sim.margo.test/150ms/x' }, { name: 'next' }]) }] }),
    deviates: async (scene) => {
      await scene.device.waitFor(is('status-sent', { state: 'installed' }));
      return scene.statuses().some((body) => body.components[0]?.state === 'installing' && body.components[1]?.state === 'installing');
    },
  },
  {
    requirement: 'ERR-007',
    fault: 'ignores-retry-after',
    title: 'does not poll again before Retry-After has passed',
    arrange: (wfm) => {
      let answered = false;
      wfm.script = (request) => {
        if (request.path !== '/api/v1/deployments' || answered) return undefined;
        answered = true;
        return { status: 503, headers: { 'retry-after': '1', 'content-type': 'application/problem+json' }, body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, retryable: true, backoffStrategy: 'exponential' }) };
      };
    },
    deviates: async (scene) => {
      await scene.device.waitFor(is('poll', { status: 200 }), { timeoutMs: 5000 });
      const polls = scene.wfm.received.filter((request) => request.path === '/api/v1/deployments');
      return (polls[1]?.at ?? 0) - (polls[0]?.at ?? 0) < 1000;
    },
  },
  {
    requirement: 'POLL-003',
    fault: 'polls-during-downtime',
    title: 'sends nothing during the downtime window',
    options: { downtime: [{ startMs: Date.now() - 60_000, endMs: Date.now() + 3_600_000 }] },
    deviates: async (scene) => {
      await delay(300);
      return scene.wfm.received.length > 0;
    },
  },
  {
    requirement: 'POLL-002',
    fault: 'polls-outside-polling-period',
    title: 'does not poll outside the polling period',
    options: { pollingPeriod: outsideNow() },
    deviates: async (scene) => {
      await scene.device.waitFor(is('capabilities-sent'));
      await delay(300);
      return scene.wfm.received.some((request) => request.path === '/api/v1/deployments');
    },
  },
  {
    requirement: 'ID-007',
    fault: 'accepts-wrong-wfm-spiffe-id',
    title: 'aborts when the WFM presents another wfm-id',
    wfmSvid: (pki) => pki.issueWfm({ wrongWfmId: true }),
    deviates: async (scene) => {
      await scene.device.waitFor((event) => is('wfm-identity-rejected')(event) || is('capabilities-sent')(event));
      return scene.wfm.received.length > 0;
    },
  },
];

function outsideNow(): DeviceOptions['pollingPeriod'] {
  const date = new Date();
  const minute = (date.getHours() * 60 + date.getMinutes() + 120) % 1440;
  return { startMinute: minute, endMinute: (minute + 60) % 1440 };
}

describe('reference device behaviour against a scripted WFM (rc.3)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const run = async (row: Row, faults: string[]): Promise<boolean> => {
    const pki = await createTestPki();
    const wfm = await startScriptedWfm(row.wfmSvid ? await row.wfmSvid(pki) : pki.wfm);
    cleanups.push(() => wfm.close());
    row.arrange?.(wfm);
    const svid = await pki.issueClient('client-1');
    const stateDir = await mkdtemp(join(tmpdir(), 'margo-device-'));
    cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
    const device = await startDevice({
      edition: EDITIONS['1.0.0-rc.3'],
      wfmUrl: wfm.url,
      trust: { kind: 'svid', bundlePem: pki.bundlePem, certPem: svid.certPem, keyPem: svid.keyPem },
      deviceId: 'device-1',
      stateDir,
      pollIntervalMs: 30,
      backoffBaseMs: 30,
      faults,
      ...row.options,
    });
    cleanups.push(() => device.stop());
    const statuses = () => wfm.received.filter((request) => request.path.endsWith('/status')).map((request) => JSON.parse(request.body));
    return row.deviates({ wfm, device, statuses });
  };

  it.each(ROWS)('$requirement: $title', async (row) => {
    expect(await run(row, [])).toBe(false);
  });

  it.each(ROWS)('$requirement: fault $fault shows the deviation', async (row) => {
    expect(await run(row, [row.fault])).toBe(true);
  });
});
