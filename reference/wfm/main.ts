import { parseWfmArgs } from './parse-wfm-args.js';
import { startWfm } from './start-wfm.js';

/**
 * Process entry of the reference WFM: prints one JSON ready line on stdout and runs until SIGTERM or
 * SIGINT. A bad setting prints one line on stderr and exits 2.
 */
async function main(): Promise<void> {
  let options;
  try {
    options = parseWfmArgs(process.argv.slice(2), process.env);
  } catch (cause) {
    process.stderr.write(`reference WFM: ${(cause as Error).message}\n`);
    process.exit(2);
  }
  const wfm = await startWfm(options);
  process.stdout.write(`${JSON.stringify({ ready: true, url: wfm.url, controlUrl: wfm.controlUrl })}\n`);
  const stop = () => {
    wfm.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((cause: unknown) => {
  process.stderr.write(`reference WFM failed to start: ${(cause as Error).message}\n`);
  process.exit(1);
});
