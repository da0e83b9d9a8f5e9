import type { DeviceFaultSet } from '../faults.js';
import { loadDeviceState, saveDeviceState, type DeviceStateData } from './device-state.js';

/** The device's state in memory, written through to the state directory one save at a time. */
export interface DeviceStore {
  readonly data: DeviceStateData;
  /** Persists the current data; saves are serialised, so the last one wins on disk. */
  save(): Promise<void>;
}

export async function openDeviceStore(dir: string, faults: DeviceFaultSet): Promise<DeviceStore> {
  const data = await loadDeviceState(dir);
  let queue: Promise<void> = Promise.resolve();
  return {
    data,
    save() {
      // DS-027: the ETag is stored with the version; the fault keeps it in memory only.
      const snapshot: DeviceStateData = structuredClone(faults.has('forgets-etag-on-restart') ? { ...data, etag: undefined } : data);
      queue = queue.catch(() => undefined).then(() => saveDeviceState(dir, snapshot));
      return queue;
    },
  };
}
