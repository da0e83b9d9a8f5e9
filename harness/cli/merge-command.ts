import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResults } from '../../core/results/model.js';
import { exitCodeFor } from '../../core/results/verdict.js';
import { renderJson, renderText, writeReports } from '../../reports/index.js';
import { parseSlo } from '../runs/fleet-measurements.js';
import { mergeFleetResults } from '../runs/run-fleet.js';
import type { CommandIo } from './command-io.js';
import { fleetSummary } from './fleet-command.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

export const MERGE_HELP = `Usage: margo-conformance merge <shard-dir|results.json>... [--out DIR] [--json] [--slo LIST]

Combines the results of 'fleet --shard i/N' runs into one results model and report: a violation in any
shard fails its requirement, traffic records keep per-shard ids, latency histograms merge exactly.`;

// Shard results may be large (traffic samples, encoded histograms), but not unbounded.
const MAX_RESULTS_BYTES = 256 * 1024 * 1024;

export async function mergeCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('merge', args, {
    out: { type: 'string' },
    json: { type: 'boolean' },
    slo: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(MERGE_HELP + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`margo-conformance merge: give the shard result directories (or results.json files) to merge. Run 'margo-conformance merge --help'.`);
  const parts: RunResults[] = [];
  for (const given of positionals) {
    const file = given.endsWith('.json') ? given : join(given, 'results.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      throw new UsageError(`margo-conformance merge: cannot read ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Give a directory a fleet shard wrote with --out.`);
    }
    if (text.length > MAX_RESULTS_BYTES) throw new UsageError(`margo-conformance merge: ${file} is over ${MAX_RESULTS_BYTES} bytes.`);
    const parsed = JSON.parse(text) as RunResults;
    if (parsed.format !== 'margo-conformance-results' || parsed.profile?.id !== 'fleet') throw new UsageError(`margo-conformance merge: ${file} is not the results of a fleet run.`);
    parts.push(parsed);
  }
  let slo;
  try {
    slo = values.slo === undefined ? undefined : parseSlo(values.slo);
  } catch (cause) {
    throw new UsageError(`margo-conformance merge: ${(cause as Error).message}.`);
  }
  const results = mergeFleetResults(parts, { ...(slo ? { slo } : {}), command: ['margo-conformance', 'merge', ...positionals].join(' ') });
  const out = values.out ?? io.env.MARGO_CONFORMANCE_OUT ?? 'conformance-report';
  const written = await writeReports(results, out);
  if (values.json) io.stdout(renderJson(results));
  else io.stdout(renderText(results, { color: io.color }) + `\n${fleetSummary(results)}\nReports: ${written.join(', ')}\n`);
  return exitCodeFor(results.verdict);
}
