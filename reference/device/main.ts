import { parseDeviceArgs } from './parse-device-args.js';
import { startDevice } from './start-device.js';

/**
 * Process entry of the reference device (`node dist/reference/device/main.js`): one JSON ready line on
 * stdout, one JSON line per event on stderr, runs until SIGTERM or SIGINT and then exits 0 with its state
 * saved. A bad setting prints one line on stderr and exits 2.
 */
async function main(): Promise<void> {
  let options;
  try {
    options = parseDeviceArgs(process.argv.slice(2), process.env);
  } catch (cause) {
    process.stderr.write(`reference device: ${(cause as Error).message}\n`);
    process.exit(2);
  }
  const device = await startDevice({ ...options, onEvent: (event) => process.stderr.write(`${JSON.stringify(event)}\n`) });
  process.stdout.write(`${JSON.stringify({ ready: true, deviceId: device.deviceId, stateDir: device.stateDir })}\n`);
  const stop = () => {
    device.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((cause: unknown) => {
  process.stderr.write(`reference device failed to start: ${(cause as Error).message}\n`);
  process.exit(1);
});
