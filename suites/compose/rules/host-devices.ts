import { isRecord } from '../model/compose-project.js';
import type { RuleEvaluator } from './rule-evaluator.js';

/** MCS-012: `devices` in short (`/dev/ttyUSB0:/dev/ttyUSB0:rwm`) or long (`{ source, target }`) syntax. */
export const hostDevices: RuleEvaluator = (service) => {
  const devices = Array.isArray(service.config.devices) ? service.config.devices : [];
  return devices.map((device, index) => {
    const source = typeof device === 'string' ? device.split(':')[0] : isRecord(device) ? String(device.source ?? '') : String(device);
    return { pointer: `/devices/${index}`, says: `exposes the host device ${source}`, evidence: { device: source } };
  });
};
