import { readFile, stat } from 'node:fs/promises';
import type { RunResults } from '../../core/results/model.js';
import { readBundle } from '../certify/bundle-files.js';
import { diffResults, renderDiffText } from '../certify/diff-results.js';
import type { CommandIo } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

export const DIFF_HELP = `Usage: margo-conformance diff A B [--json]

Compares two runs (results.json files, or certification bundles as directories or .tar.gz): requirements
whose outcome changed, new and fixed failures, changed evidence counts.

Exit codes: 0 no new failures, 1 B has new failures, 2 bad usage or unreadable input.`;

export async function diffCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(DIFF_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError("margo-conformance diff: give two results (results.json or bundles). Run 'margo-conformance diff --help'.");
  const [a, b] = await Promise.all(positionals.map(readResults));
  const diff = diffResults(a as RunResults, b as RunResults);
  io.stdout(values.json ? JSON.stringify(diff, null, 2) + '\n' : renderDiffText(diff) + '\n');
  return diff.newFailures.length > 0 ? 1 : 0;
}

async function readResults(path: string): Promise<RunResults> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`margo-conformance diff: ${path}: no such file or directory.`);
  let text: string;
  if (info.isDirectory() || path.endsWith('.tar.gz') || path.endsWith('.tgz')) {
    const files = await readBundle(path).catch((cause: Error) => {
      throw new UsageError(`margo-conformance diff: ${cause.message}.`);
    });
    const bytes = files.get('results.json');
    if (!bytes) throw new UsageError(`margo-conformance diff: ${path} holds no results.json.`);
    text = bytes.toString('utf8');
  } else {
    text = await readFile(path, 'utf8');
  }
  try {
    const results = JSON.parse(text) as RunResults;
    if (results.format !== 'margo-conformance-results') throw new Error('not a results model');
    return results;
  } catch (cause) {
    throw new UsageError(`margo-conformance diff: ${path}: not a margo-conformance results.json (${(cause as Error).message}).`);
  }
}
