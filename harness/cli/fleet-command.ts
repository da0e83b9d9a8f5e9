import { DEFAULT_EDITION, EDITIONS, resolveEdition } from '../../core/catalog/editions.js';
import { exitCodeFor } from '../../core/results/verdict.js';
import { parseDuration } from '../../instruments/fleet-simulator/index.js';
import { renderJson, renderText, writeReports } from '../../reports/index.js';
import { parseSlo } from '../runs/fleet-measurements.js';
import { runFleet } from '../runs/run-fleet.js';
import type { CommandIo } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

/** Named fleet sizes: `10k` is 10,000 devices polling every 30 s, about 333 requests/s. */
const PRESETS: Record<string, { devices: number; pollIntervalMs: number; durationMs: number; rampMs: number }> = {
  '1k': { devices: 1000, pollIntervalMs: 10_000, durationMs: 10_000, rampMs: 0 },
  '10k': { devices: 10_000, pollIntervalMs: 30_000, durationMs: 60_000, rampMs: 0 },
};

export const FLEET_HELP = `Usage: margo-conformance fleet [options]

Simulates a fleet of devices polling a WFM (the bundled reference WFM by default, started as a local
process) and checks that it stays correct under that load: every device sees exactly its own desired
state, ETags and 304 stay exact, 429/503 carry Retry-After, no 5xx, status reports are accepted and
recorded. Load is open-loop: polls are scheduled by rate whether or not the WFM keeps up. Writes
results.json (with measurements), junit.xml and report.html.

Options:
  --spec-version V      ${Object.keys(EDITIONS).join(', ')} (alias latest); default ${DEFAULT_EDITION}
  --target URL          https://host:port of a running WFM (with --control and --pki)
  --control URL         its control-adapter base URL
  --pki DIR             the kept test PKI the WFM was configured with
  --sut-command CMD     command that starts the WFM under the launch contract
  --devices N           simulated devices in the whole fleet; default 100
  --poll-interval D     each device's poll interval (500ms, 6s, 2m), jittered ±10%; default 30s
  --duration D          how long the load runs; default 60s
  --ramp D              spread the first polls over D; default one poll interval
  --connections C       keep-alive (a device keeps its connection) or per-poll (new TLS handshake per poll)
  --preset NAME         ${Object.entries(PRESETS).map(([name, p]) => `${name}: ${p.devices} devices every ${p.pollIntervalMs / 1000} s for ${p.durationMs / 1000} s`).join('; ')}
  --seed S              fixes device names, shards, sampling and schedules; default fleet
  --shard i/N           simulate shard i (0-based) of N; merge shard results with 'margo-conformance merge'
  --slo LIST            pass criteria, e.g. p99=500ms,errors=0 (p50|p90|p99|p999, errors, error-rate, rate429)
  --out DIR             where the reports go; default ./conformance-report (env MARGO_CONFORMANCE_OUT)
  --json                print results.json to stdout instead of the summary`;

export async function fleetCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs('fleet', args, {
    'spec-version': { type: 'string' },
    target: { type: 'string' },
    control: { type: 'string' },
    pki: { type: 'string' },
    'sut-command': { type: 'string' },
    devices: { type: 'string' },
    'poll-interval': { type: 'string' },
    duration: { type: 'string' },
    ramp: { type: 'string' },
    connections: { type: 'string' },
    preset: { type: 'string' },
    seed: { type: 'string' },
    shard: { type: 'string' },
    slo: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(FLEET_HELP + '\n');
    return 0;
  }
  const usage = (message: string) => new UsageError(`margo-conformance fleet: ${message}`);
  const editionName = values['spec-version'] ?? io.env.MARGO_CONFORMANCE_SPEC_VERSION ?? DEFAULT_EDITION;
  const edition = resolveEdition(editionName);
  if (!edition) throw usage(`unknown spec version "${editionName}"; expected one of ${Object.keys(EDITIONS).join(', ')} or latest.`);
  const preset = values.preset === undefined ? undefined : PRESETS[values.preset];
  if (values.preset !== undefined && !preset) throw usage(`unknown preset "${values.preset}"; use one of ${Object.keys(PRESETS).join(', ')}.`);
  const duration = (flag: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const ms = parseDuration(text);
    if (ms === undefined) throw usage(`--${flag} "${text}" is not a duration; write it as 500ms, 6s or 2m.`);
    return ms;
  };
  const devices = values.devices === undefined ? (preset?.devices ?? 100) : Number(values.devices);
  if (!Number.isInteger(devices) || devices < 1) throw usage(`--devices "${values.devices}" is not a positive whole number.`);
  const pollIntervalMs = duration('poll-interval', values['poll-interval'], preset?.pollIntervalMs ?? 30_000);
  const durationMs = duration('duration', values.duration, preset?.durationMs ?? 60_000);
  const rampMs = duration('ramp', values.ramp, preset?.rampMs ?? 0);
  if (pollIntervalMs < 1 || durationMs < 1) throw usage('--poll-interval and --duration must be above zero.');
  const connections = values.connections ?? 'keep-alive';
  if (connections !== 'keep-alive' && connections !== 'per-poll') throw usage(`--connections "${connections}" is not keep-alive or per-poll.`);
  let shard: { index: number; count: number } | undefined;
  if (values.shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(values.shard);
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (!match || count < 1 || index >= count) throw usage(`--shard "${values.shard}" is not i/N with 0 <= i < N, e.g. 0/4.`);
    shard = { index, count };
  }
  if (values.target && (!values.control || !values.pki)) throw usage('--target needs --control (devices are accepted through the control adapter) and --pki.');
  let slo;
  try {
    slo = values.slo === undefined ? undefined : parseSlo(values.slo);
  } catch (cause) {
    throw usage(`${(cause as Error).message}.`);
  }
  const results = await runFleet({
    edition,
    devices,
    pollIntervalMs,
    durationMs,
    rampMs,
    connections,
    ...(values.seed ? { seed: values.seed } : {}),
    ...(shard ? { shard } : {}),
    ...(slo ? { slo } : {}),
    ...(values.target ? { target: values.target } : {}),
    ...(values.control ? { control: values.control } : {}),
    ...(values.pki ? { pkiDir: values.pki } : {}),
    ...(values['sut-command'] ? { sutCommand: values['sut-command'] } : {}),
  });
  const out = values.out ?? io.env.MARGO_CONFORMANCE_OUT ?? 'conformance-report';
  const written = await writeReports(results, out);
  if (values.json) io.stdout(renderJson(results));
  else io.stdout(renderText(results, { color: io.color }) + `\n${fleetSummary(results)}\nReports: ${written.join(', ')}\n`);
  return exitCodeFor(results.verdict);
}

/** The headline figures and notes, under the text summary. */
export function fleetSummary(results: import('../../core/results/model.js').RunResults): string {
  const m = results.measurements;
  if (!m) return '';
  const shown = ['devices simulated', 'throughput', 'latency p50', 'latency p99', 'error rate', '429 rate', 'TLS handshakes per second', 'simulator CPU per request', 'simulator peak RSS'];
  const lines = shown.map((name) => m.figures.find((f) => f.name === name)).filter((f) => f !== undefined).map((f) => `  ${f.name}: ${f.value} ${f.unit}`);
  return ['Fleet:', ...lines, ...m.objectives.map((o) => `  SLO ${o.id}: ${o.outcome} (${o.message})`), ...m.notes.map((n) => `  note: ${n}`)].join('\n');
}
