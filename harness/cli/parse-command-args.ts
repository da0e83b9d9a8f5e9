import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `util.parseArgs` in strict mode, with its errors turned into one-line usage errors naming the command. */
export function parseCommandArgs<T extends Options>(
  command: string,
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (cause) {
    const raw = (cause as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(raw)?.[1];
    const message = unknown ? `unknown option ${unknown}` : raw.replace(/\.$/, '').replace(/^Option '([^']+)'/, 'option $1');
    throw new UsageError(`margo-conformance ${command}: ${message}. Run 'margo-conformance ${command} --help' for the options.`);
  }
}
