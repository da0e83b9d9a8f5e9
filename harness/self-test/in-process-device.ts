import { EDITIONS } from '../../core/catalog/editions.js';
import type { DeviceLauncher, DeviceTrust } from '../../core/launch/device-launcher.js';
import type { DeviceOptions } from '../../reference/device/device-options.js';
import { readCapabilitiesFile } from '../../reference/device/capabilities/read-capabilities-file.js';
import { parseDowntime, parsePollingPeriod } from '../../reference/device/schedule/poll-schedule.js';
import { startDevice } from '../../reference/device/start-device.js';
import { replaceSvidFiles, svidFilePaths } from '../launch/device-process.js';

/**
 * The reference device started in the test process (no build needed), from the same launch settings
 * the process launcher turns into environment. The CLI default stays a real process.
 */
export function inProcessDevice(options: { faults?: string[] } = {}): DeviceLauncher {
  return {
    describe: () => `reference device in process${options.faults?.length ? ` with ${options.faults.join(', ')}` : ''}`,
    async start(settings) {
      const { trust } = settings;
      // rc.3: the SVID also as files, read again for each connection, so a renewal can replace them (ID-021).
      if (trust.kind !== 'signature') await replaceSvidFiles(settings, trust);
      const device = await startDevice({
        edition: EDITIONS[settings.edition],
        wfmUrl: settings.wfmUrl,
        deviceId: settings.deviceId,
        trust: trustOf(trust, svidFilePaths(settings)),
        stateDir: settings.stateDir,
        pollIntervalMs: settings.pollIntervalMs,
        capabilities: () => readCapabilitiesFile(settings.capabilitiesFile),
        ...(settings.pollingPeriod ? { pollingPeriod: parsePollingPeriod(settings.pollingPeriod) } : {}),
        ...(settings.downtime ? { downtime: settings.downtime.map(parseDowntime) } : {}),
        faults: options.faults ?? [],
      });
      return { logs: () => device.events.map((event) => JSON.stringify(event)).join('\n'), stop: () => device.stop(), replaceSvid: (svid) => replaceSvidFiles(settings, svid) };
    },
  };
}

/** The launch contract's trust material as the reference device's options. */
function trustOf(trust: DeviceTrust, svidFiles: { certFile: string; keyFile: string }): DeviceOptions['trust'] {
  switch (trust.kind) {
    case 'svid':
      return { kind: 'svid', bundlePem: trust.bundlePem, certPem: trust.certPem, keyPem: trust.keyPem, svidFiles };
    case 'svid-discovery':
      return { kind: 'svid', trustDiscovery: { url: trust.discoveryUrl, caPem: trust.discoveryCaPem }, certPem: trust.certPem, keyPem: trust.keyPem, svidFiles };
    case 'signature':
      return { kind: 'signature', wfmCaPem: trust.wfmCaPem, certPem: trust.certPem, keyPem: trust.keyPem };
  }
}
