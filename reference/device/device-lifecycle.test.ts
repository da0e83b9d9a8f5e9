import { afterEach, describe, expect, it } from 'vitest';
import type { EditionId } from '../../core/catalog/types.js';
import { control } from '../wfm/test-support/wfm-test-client.js';
import type { DeviceEvent } from './device-events.js';
import { createBench, type Bench } from './test-support/device-under-test.js';

const EDITION_IDS: EditionId[] = ['1.0.0-rc.3', 'preview-1'];
const is = <N extends DeviceEvent['event']>(name: N, match: Partial<Extract<DeviceEvent, { event: N }>> = {}) =>
  (event: DeviceEvent): boolean => event.event === name && Object.entries(match).every(([key, value]) => (event as Record<string, unknown>)[key] === value);

describe.each(EDITION_IDS)('reference device against the reference WFM (%s)', (edition) => {
  let bench: Bench | undefined;
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });

  it('reports capabilities before its first poll and applies the empty manifest', async () => {
    bench = await createBench(edition);
    const device = await bench.start();
    await device.waitFor(is('manifest-applied', { manifestVersion: 1 }));
    const firstRequests = device.events.filter((event) => event.event === 'capabilities-sent' || event.event === 'poll').map((event) => event.event);
    expect(firstRequests.slice(0, 2)).toEqual(['capabilities-sent', 'poll']);
    const record = await control(bench.wfm.controlUrl, 'GET', `/clients/${encodeURIComponent(bench.clientRef(device))}`);
    expect(Object.keys(record.json().capabilities)).toEqual(['device-1']);
  });

  it('installs an assigned two-component deployment in order and reports installed', async () => {
    bench = await createBench(edition);
    const device = await bench.start();
    await device.waitFor(is('manifest-applied'));
    const deploymentId = await bench.assign(device, 'line-monitor-helm');
    await device.waitFor(is('status-sent', { deploymentId, state: 'installed' }));
    const installs = device.events.filter((event) => event.event === 'install').map((event) => ('component' in event ? event.component : ''));
    expect(installs).toEqual(['tag-collector', 'line-dashboard']);
    const states = device.events.filter(is('status-sent', { deploymentId })).map((event) => ('state' in event ? event.state : ''));
    expect(states).toEqual(['pending', 'installing', 'installing', 'installed']);
    const record = await control(bench.wfm.controlUrl, 'GET', `/clients/${encodeURIComponent(bench.clientRef(device))}`);
    const status = record.json().statuses[deploymentId];
    expect(status.status).toEqual({ state: 'installed' });
    expect(status.components).toEqual([
      { name: 'tag-collector', state: 'installed' },
      { name: 'line-dashboard', state: 'installed' },
    ]);
  });

  it('removes a deployment that leaves the manifest', async () => {
    bench = await createBench(edition);
    const device = await bench.start();
    await device.waitFor(is('manifest-applied'));
    const deploymentId = await bench.assign(device, 'line-monitor-compose');
    await device.waitFor(is('status-sent', { deploymentId, state: 'installed' }));
    const since = device.events.length;
    expect((await control(bench.wfm.controlUrl, 'DELETE', `/deployments/${deploymentId}`)).status).toBe(204);
    await device.waitFor(is('manifest-applied', { manifestVersion: 3 }), { since });
    const removed = device.events.slice(since).filter((event) => event.event === 'remove');
    expect(removed).toMatchObject([{ deploymentId, component: 'line-monitor' }]);
  });

  it('sends its stored ETag on the first poll after a restart', async () => {
    bench = await createBench(edition);
    const first = await bench.start();
    const applied = await first.waitFor(is('manifest-applied'));
    await first.stop();
    const second = await bench.start();
    const poll = await second.waitFor(is('poll'));
    expect(poll).toMatchObject({ status: 304, ifNoneMatch: 'etag' in applied ? applied.etag : '' });
    expect(second.events.filter((event) => event.event === 'onboarded')).toEqual([]);
  });
});
