import type { DeviceLauncher, LaunchedDevice } from '../../core/launch/device-launcher.js';

/**
 * Wraps a device launcher so that each device's captured output (bounded) is handed to `onLogs` when it stops,
 * named by its device id: a certification bundle keeps the product's logs of a normal run, not only of a failed launch.
 */
export function captureDeviceLogs(launcher: DeviceLauncher, onLogs: (source: string, text: string) => void): DeviceLauncher {
  return {
    describe: () => launcher.describe(),
    async start(settings) {
      const device = await launcher.start(settings);
      let told = false;
      return {
        logs: () => device.logs(),
        ...(device.replaceSvid ? { replaceSvid: device.replaceSvid.bind(device) } : {}),
        async stop() {
          try {
            await device.stop();
          } finally {
            if (!told) onLogs(`device ${settings.deviceId}`, device.logs());
            told = true;
          }
        },
      } satisfies LaunchedDevice;
    },
  };
}
