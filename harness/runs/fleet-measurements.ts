import type { Measurements, MeasuredFigure, MeasuredHistogram, MeasuredObjective, MeasuredSeries, RunResults } from '../../core/results/model.js';
import { encodeHistogram, FLEET_OPERATIONS, mergeEncoded, type FleetSimulation } from '../../instruments/fleet-simulator/index.js';
import { parseDuration } from '../../instruments/fleet-simulator/index.js';
import type * as hdr from 'hdr-histogram-js';

/** The simulator's metrics in the results model's generic shape; derived figures are computed by `deriveFigures`. */
export function fleetMeasurements(simulation: FleetSimulation): Measurements {
  const { metrics } = simulation;
  const histograms = [
    ...FLEET_OPERATIONS.filter((op) => metrics.latency[op].totalCount > 0).map((op) => describe(`latency ${op}`, metrics.latency[op])),
    describe('schedule lag', metrics.scheduleLag),
    ...(metrics.enrolment.totalCount > 0 ? [describe('enrolment', metrics.enrolment)] : []),
  ];
  const b = metrics.buckets;
  const series: MeasuredSeries[] = [
    { name: 'requests', unit: 'per bucket', aggregate: 'sum', points: b.map((x) => x.requests) },
    { name: 'errors', unit: 'per bucket', aggregate: 'sum', points: b.map((x) => x.errors) },
    { name: '429', unit: 'per bucket', aggregate: 'sum', points: b.map((x) => x.rateLimited) },
    { name: '5xx', unit: 'per bucket', aggregate: 'sum', points: b.map((x) => x.serverErrors) },
    { name: 'TLS handshakes', unit: 'per bucket', aggregate: 'sum', points: b.map((x) => x.handshakes) },
    { name: 'latency p99', unit: 'ms', aggregate: 'histogram', points: b.map((x) => ms(x.latency.getValueAtPercentile(99))), buckets: b.map((x) => encodeHistogram(x.latency)) },
  ];
  const c = metrics.counters;
  const figures: MeasuredFigure[] = [
    { name: 'devices simulated', value: simulation.devices.length, unit: 'devices', aggregate: 'sum' },
    { name: 'devices polled', value: simulation.polled.length, unit: 'devices', aggregate: 'sum' },
    { name: 'requests', value: c.requests, unit: 'requests', aggregate: 'sum' },
    { name: 'errors', value: c.errors, unit: 'requests', aggregate: 'sum' },
    { name: '429 responses', value: c.rateLimited, unit: 'requests', aggregate: 'sum' },
    { name: '5xx responses', value: c.serverErrors, unit: 'requests', aggregate: 'sum' },
    { name: 'TLS handshakes', value: c.handshakes, unit: 'handshakes', aggregate: 'sum' },
    { name: 'polls', value: c.polls, unit: 'polls', aggregate: 'sum' },
    { name: 'missed polls', value: c.missedPolls, unit: 'polls', aggregate: 'sum' },
    { name: 'Retry-After waits', value: c.retryAfterWaits, unit: 'waits', aggregate: 'sum' },
    { name: 'control changes', value: simulation.changes.create + simulation.changes.update + simulation.changes.delete, unit: 'changes', aggregate: 'sum' },
    { name: 'simulator CPU', value: Math.round((metrics.cpu.userMicros + metrics.cpu.systemMicros) / 1000), unit: 'ms', aggregate: 'sum' },
    { name: 'simulator peak RSS', value: Math.round(metrics.peakRssBytes / 2 ** 20), unit: 'MiB', aggregate: 'max' },
    { name: 'window', value: Math.round(metrics.windowMs), unit: 'ms', aggregate: 'max' },
    { name: 'set-up', value: Math.round(metrics.setupMs), unit: 'ms', aggregate: 'max' },
    { name: 'simulator behind schedule', value: simulation.behind ? 1 : 0, unit: 'shards', aggregate: 'sum' },
  ];
  return deriveFigures({ bucketMs: metrics.bucketMs, histograms, series, figures, objectives: [], notes: [...simulation.notes] });
}

/** Adds the figures computed from others (rates, CPU per request, overall p99); run again after a merge. */
export function deriveFigures(m: Measurements): Measurements {
  const get = (name: string) => m.figures.find((f) => f.name === name)?.value ?? 0;
  const seconds = Math.max(0.001, get('window') / 1000);
  const requests = get('requests');
  const all = mergeEncoded(m.histograms.filter((h) => h.name.startsWith('latency ')).map((h) => h.encoded));
  const derived: MeasuredFigure[] = [
    { name: 'throughput', value: round(requests / seconds), unit: 'requests/s', aggregate: 'derived' },
    { name: 'TLS handshakes per second', value: round(get('TLS handshakes') / seconds), unit: 'handshakes/s', aggregate: 'derived' },
    { name: 'error rate', value: round(requests ? (100 * get('errors')) / requests : 0), unit: '%', aggregate: 'derived' },
    { name: '429 rate', value: round(requests ? (100 * get('429 responses')) / requests : 0), unit: '%', aggregate: 'derived' },
    { name: 'simulator CPU per request', value: round(requests ? (get('simulator CPU') * 1000) / requests : 0), unit: 'µs', aggregate: 'derived' },
    { name: 'latency p50', value: ms(all.getValueAtPercentile(50)), unit: 'ms', aggregate: 'derived' },
    { name: 'latency p99', value: ms(all.getValueAtPercentile(99)), unit: 'ms', aggregate: 'derived' },
  ];
  return { ...m, figures: [...m.figures.filter((f) => f.aggregate !== 'derived'), ...derived] };
}

/** Combines shards' measurements: histograms exactly (decoded and added), series and figures by their aggregate. */
export function mergeMeasurements(parts: readonly Measurements[]): Measurements {
  const first = parts[0];
  if (!first) throw new Error('merge needs at least one result with measurements');
  const names = [...new Set(parts.flatMap((p) => p.histograms.map((h) => h.name)))];
  const histograms = names.map((name) => describe(name, mergeEncoded(parts.flatMap((p) => p.histograms.filter((h) => h.name === name).map((h) => h.encoded)))));
  const series = first.series.map((s) => {
    const all = parts.map((p) => p.series.find((x) => x.name === s.name)).filter((x): x is MeasuredSeries => x !== undefined);
    const length = Math.max(...all.map((x) => x.points.length));
    if (s.aggregate === 'histogram') {
      const buckets = Array.from({ length }, (_, i) => mergeEncoded(all.map((x) => x.buckets?.[i] ?? '')));
      return { ...s, points: buckets.map((h) => ms(h.getValueAtPercentile(99))), buckets: buckets.map(encodeHistogram) };
    }
    const points = Array.from({ length }, (_, i) => all.reduce((acc, x) => (s.aggregate === 'sum' ? acc + (x.points[i] ?? 0) : Math.max(acc, x.points[i] ?? 0)), 0));
    return { ...s, points };
  });
  const figures = first.figures
    .filter((f) => f.aggregate !== 'derived')
    .map((f) => {
      const values = parts.map((p) => p.figures.find((x) => x.name === f.name)?.value ?? 0);
      return { ...f, value: f.aggregate === 'sum' ? values.reduce((a, v) => a + v, 0) : Math.max(...values) };
    });
  return deriveFigures({ bucketMs: first.bucketMs, histograms, series, figures, objectives: [], notes: [...new Set(parts.flatMap((p) => p.notes))] });
}

export interface ServiceObjective {
  id: string;
  target: string;
}

/** `p99=500ms,errors=0` to objectives; throws one line naming the bad entry. */
export function parseSlo(text: string): ServiceObjective[] {
  return text.split(',').map((entry) => {
    const [id, target] = entry.split('=').map((x) => x.trim());
    if (!id || !target || !/^(p50|p90|p99|p999|errors|error-rate|rate429)$/.test(id)) {
      throw new Error(`--slo entry "${entry}" is not one of p50|p90|p99|p999=<duration>, errors=<count>, error-rate=<percent>%, rate429=<percent>%`);
    }
    if (/^p\d+$/.test(id) && parseDuration(target) === undefined) throw new Error(`--slo ${id}=${target}: give a duration such as 500ms or 2s`);
    return { id, target };
  });
}

/** Decides each objective against the (merged) measurements; a simulator behind schedule decides nothing. */
export function decideObjectives(m: Measurements, objectives: readonly ServiceObjective[]): MeasuredObjective[] {
  const figure = (name: string) => m.figures.find((f) => f.name === name)?.value ?? 0;
  const behind = figure('simulator behind schedule') > 0;
  const all = mergeEncoded(m.histograms.filter((h) => h.name.startsWith('latency ')).map((h) => h.encoded));
  return objectives.map(({ id, target }) => {
    let actual: number;
    let limit: number;
    let unit: string;
    if (/^p\d+$/.test(id)) {
      const percentile = id === 'p999' ? 99.9 : Number(id.slice(1));
      actual = ms(all.getValueAtPercentile(percentile));
      limit = parseDuration(target) ?? 0;
      unit = 'ms';
    } else if (id === 'errors') {
      actual = figure('errors');
      limit = Number(target);
      unit = '';
    } else {
      actual = figure(id === 'rate429' ? '429 rate' : 'error rate');
      limit = Number(target.replace(/%$/, ''));
      unit = '%';
    }
    const shown = `${actual}${unit}`;
    if (behind) return { id, target, actual: shown, outcome: 'error', message: `${id} ${shown} against ${target} is not judged: the simulator fell behind its schedule. Run fewer devices per process, or shard.` };
    const met = actual <= limit;
    return { id, target, actual: shown, outcome: met ? 'pass' : 'fail', message: `${id} was ${shown}; the objective is at most ${target}${met ? '' : '. The WFM missed it under this load'}.` };
  });
}

/** Folds objectives into the verdict: a missed one makes a conformant run non-conformant. */
export function applyObjectives(results: RunResults, objectives: MeasuredObjective[]): RunResults {
  if (!results.measurements) return results;
  const missed = objectives.filter((o) => o.outcome === 'fail');
  const measurements = { ...results.measurements, objectives };
  if (missed.length === 0 || results.verdict === 'non-conformant') {
    return { ...results, measurements, ...(missed.length > 0 ? { verdictReason: `${results.verdictReason} Service objectives missed: ${missed.map((o) => `${o.id} ${o.actual} > ${o.target}`).join(', ')}.` } : {}) };
  }
  return { ...results, measurements, verdict: 'non-conformant', verdictReason: `Service objectives missed under load: ${missed.map((o) => `${o.id} ${o.actual} > ${o.target}`).join(', ')}.` };
}

function describe(name: string, histogram: hdr.Histogram): MeasuredHistogram {
  const count = histogram.totalCount;
  return {
    name,
    count,
    min: count ? ms(histogram.minNonZeroValue) : 0,
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
    percentiles: { p50: ms(histogram.getValueAtPercentile(50)), p90: ms(histogram.getValueAtPercentile(90)), p99: ms(histogram.getValueAtPercentile(99)), p999: ms(histogram.getValueAtPercentile(99.9)) },
    encoded: encodeHistogram(histogram),
  };
}

function ms(micros: number): number {
  return Math.round(micros) / 1000;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
