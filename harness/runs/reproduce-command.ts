/** A flag and its value; absent values drop the flag, lists are joined with commas, `true` is a bare flag. */
export type CommandFlag = readonly [flag: string, value: string | number | boolean | readonly string[] | undefined];

/**
 * The one builder of the command line recorded in every result (`run.command`), so a run can be repeated
 * exactly. The library and the CLI both call it, so they record the same flags.
 */
export function reproduceCommand(command: string, positionals: readonly string[], flags: readonly CommandFlag[]): string {
  const words = ['margo-conformance', command, ...positionals];
  for (const [flag, value] of flags) {
    if (value === undefined || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) words.push(flag, value.join(','));
    } else if (value === true) words.push(flag);
    else words.push(flag, String(value));
  }
  return words.map(shellQuote).join(' ');
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
