import { createRequire } from 'node:module';
import type * as HdrModule from 'hdr-histogram-js';
import type { Measurements } from '../../core/results/model.js';
import { escapeHtml } from './escape-html.js';
import { barChart, lineChart, logBins } from './fleet-charts.js';

// Loaded only when a report has fleet measurements: every other report would pay its start-up for nothing.
let loaded: typeof HdrModule | undefined;
const hdrLib = (): typeof HdrModule => (loaded ??= createRequire(import.meta.url)('hdr-histogram-js') as typeof HdrModule);

const COLOURS = { p50: '#1f4e79', p99: '#b42318', requests: '#1f4e79', errors: '#b42318', rate429: '#a15c00', server: '#5b3fa8' };

/** The load section of a fleet run: objectives, notes, charts drawn from `results.measurements`, figures and latency tables. */
export function renderFleetSection(m: Measurements | undefined): string {
  if (!m) return '';
  const stepSeconds = m.bucketMs / 1000;
  const series = (name: string) => m.series.find((s) => s.name === name);
  const requests = series('requests')?.points ?? [];
  const latency = series('latency p99');
  const percentileOf = (encoded: string | undefined, percentile: number) => {
    if (!encoded) return undefined;
    const histogram = hdrLib().decodeFromCompressedBase64(encoded);
    return histogram.totalCount === 0 ? undefined : Math.round(histogram.getValueAtPercentile(percentile)) / 1000;
  };
  const buckets = latency?.buckets ?? [];
  const latencyChart = lineChart({
    title: 'Latency over time',
    description: 'Median and 99th percentile latency of all device requests in each second of the load, in milliseconds.',
    stepSeconds,
    yUnit: 'ms',
    lines: [
      { name: 'p50', colour: COLOURS.p50, points: buckets.map((b) => percentileOf(b, 50)) },
      { name: 'p99', colour: COLOURS.p99, points: buckets.length > 0 ? buckets.map((b) => percentileOf(b, 99)) : (latency?.points ?? []) },
    ],
  });
  const rate = (name: string) => (series(name)?.points ?? []).map((count, i) => ((requests[i] ?? 0) > 0 ? (100 * count) / (requests[i] as number) : undefined));
  const errorChart = lineChart({
    title: 'Errors and 429s over time',
    description: 'Share of device requests per second that failed (no answer, or 4xx other than 404, or 5xx), were rate limited (429), or got a 5xx.',
    stepSeconds,
    yUnit: '% of requests',
    lines: [
      { name: 'errors', colour: COLOURS.errors, points: rate('errors') },
      { name: '429', colour: COLOURS.rate429, points: rate('429'), dashed: true },
      { name: '5xx', colour: COLOURS.server, points: rate('5xx'), dashed: true },
    ],
  });
  const throughputChart = lineChart({
    title: 'Requests over time',
    description: 'Device requests sent per second of the load (open loop: the configured rate, whether or not the WFM keeps up).',
    stepSeconds,
    yUnit: 'requests/s',
    lines: [{ name: 'requests', colour: COLOURS.requests, points: requests.map((r) => r / stepSeconds) }],
  });
  const operations = m.histograms.filter((h) => h.name.startsWith('latency '));
  const all = hdrLib().build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  for (const h of operations) if (h.encoded) all.add(hdrLib().decodeFromCompressedBase64(h.encoded));
  const histogramChart = barChart({
    title: 'Latency distribution',
    description: `Device requests by latency, all operations (${all.totalCount} requests), in logarithmic bins.`,
    bins: logBins(cumulativeOf(all)),
    xUnit: 'ms',
  });

  const objectives = m.objectives.map(
    (o) => `<li class="objective objective-${o.outcome}"><span class="badge badge-${o.outcome === 'pass' ? 'pass' : o.outcome === 'fail' ? 'fail' : 'error'}">${escapeHtml(o.outcome)}</span> <code>${escapeHtml(`${o.id} ≤ ${o.target}`)}</code> ${escapeHtml(o.message)}</li>`,
  );
  const figures = m.figures.map((f) => `<tr><th scope="row">${escapeHtml(f.name)}</th><td class="num">${escapeHtml(String(f.value))}</td><td>${escapeHtml(f.unit)}</td></tr>`);
  const latencyRows = m.histograms.map(
    (h) => `<tr><th scope="row">${escapeHtml(h.name.replace(/^latency /, ''))}</th><td class="num">${h.count}</td>${[h.percentiles.p50, h.percentiles.p90, h.percentiles.p99, h.percentiles.p999, h.max].map((v) => `<td class="num">${v >= 100 ? Math.round(v) : Math.round(v * 10) / 10}</td>`).join('')}</tr>`,
  );
  return `<section id="fleet" aria-labelledby="fleet-title">
<h2 id="fleet-title">Fleet load</h2>
<p class="lead">What the simulated fleet measured while the checks above ran. Latencies are as the simulated devices saw them, in milliseconds.</p>
${m.notes.length === 0 ? '' : `<ul class="fleet-notes">${m.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`}
${objectives.length === 0 ? '' : `<h3>Service objectives</h3><ul class="objectives">${objectives.join('')}</ul>`}
<div class="charts">
<figure>${latencyChart}<figcaption>Latency over time: p50 and p99 per second</figcaption></figure>
<figure>${histogramChart}<figcaption>Latency distribution, all operations</figcaption></figure>
<figure>${errorChart}<figcaption>Errors, 429s and 5xx per second, as a share of requests</figcaption></figure>
<figure>${throughputChart}<figcaption>Requests sent per second</figcaption></figure>
</div>
<div class="fleet-tables">
<table class="fleet-figures"><caption>Figures</caption><tbody>${figures.join('')}</tbody></table>
<table class="fleet-latency"><caption>Latency per operation (ms)</caption><thead><tr><th scope="col">operation</th><th scope="col">count</th><th scope="col">p50</th><th scope="col">p90</th><th scope="col">p99</th><th scope="col">p99.9</th><th scope="col">max</th></tr></thead><tbody>${latencyRows.join('')}</tbody></table>
</div>
</section>`;
}

/** `[value in ms, cumulative count]` points of an HDR histogram (values recorded in microseconds). */
function cumulativeOf(histogram: HdrModule.Histogram): [number, number][] {
  if (histogram.totalCount === 0) return [];
  const csv = (histogram.outputPercentileDistribution as (ticks: number, scale: number, csv: boolean) => string)(20, 1000, true);
  const points: [number, number][] = [];
  for (const line of csv.split('\n').slice(1)) {
    const [value, , count] = line.split(',').map(Number);
    if (value === undefined || count === undefined || !Number.isFinite(value) || !Number.isFinite(count)) continue;
    const last = points[points.length - 1];
    if (last && last[0] === value) last[1] = count;
    else points.push([value, count]);
  }
  return points;
}
