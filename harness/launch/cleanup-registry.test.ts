import { describe, expect, it } from 'vitest';
import { createCleanupRegistry } from './cleanup-registry.js';

describe('createCleanupRegistry', () => {
  it('stops processes before it removes files, and forgets what was released', async () => {
    const registry = createCleanupRegistry();
    const order: string[] = [];
    const step = (name: string, ms: number) => () => new Promise<void>((resolve) => setTimeout(() => (order.push(name), resolve()), ms));
    registry.add({ what: 'dir', phase: 'files', run: step('dir', 0) });
    registry.add({ what: 'device', phase: 'process', run: step('device', 50) });
    const release = registry.add({ what: 'released', phase: 'process', run: step('released', 0) });
    release();
    const report = await registry.drain({ timeoutMs: 1000 });
    expect({ order, report, pending: registry.pending() }).toEqual({ order: ['device', 'dir'], report: { unfinished: [] }, pending: [] });
  });

  it('gives a cleanup that outlives the bound its blocking last resort and names it', async () => {
    const registry = createCleanupRegistry();
    const forced: string[] = [];
    registry.add({ what: 'stuck container', phase: 'process', run: () => new Promise(() => undefined), runSync: () => forced.push('stuck container') });
    registry.add({ what: 'dir', phase: 'files', run: () => Promise.resolve(), runSync: () => forced.push('dir') });
    const report = await registry.drain({ timeoutMs: 100 });
    expect({ report, forced }).toEqual({ report: { unfinished: ['stuck container'] }, forced: ['stuck container'] });
  });

  it('drains what is registered while it drains, and a failing cleanup does not stop the others', async () => {
    const registry = createCleanupRegistry();
    const ran: string[] = [];
    registry.add({
      what: 'scenario',
      phase: 'process',
      run: async () => {
        ran.push('scenario');
        registry.add({ what: 'late device', phase: 'process', run: async () => void ran.push('late device') });
        throw new Error('already gone');
      },
    });
    registry.add({ what: 'dir', phase: 'files', run: async () => void ran.push('dir') });
    const report = await registry.drain({ timeoutMs: 1000 });
    expect({ ran, report }).toEqual({ ran: ['scenario', 'dir', 'late device'], report: { unfinished: [] } });
  });

  it('runs only the blocking cleanups at the exit event, processes first', () => {
    const registry = createCleanupRegistry();
    const ran: string[] = [];
    registry.add({ what: 'dir', phase: 'files', run: () => Promise.resolve(), runSync: () => ran.push('dir') });
    registry.add({ what: 'device', phase: 'process', run: () => Promise.resolve(), runSync: () => ran.push('device') });
    registry.drainSync();
    expect({ ran, pending: registry.pending() }).toEqual({ ran: ['device', 'dir'], pending: [] });
  });
});
