import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import type { Measurements } from '../../core/results/model.js';
import { renderFleetSection } from './render-fleet-section.js';

function encoded(values: number[]): string {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  for (const v of values) histogram.recordValue(v);
  return hdr.encodeIntoCompressedBase64(histogram);
}

const MEASUREMENTS: Measurements = {
  bucketMs: 1000,
  histograms: [{ name: 'latency manifest', count: 4, min: 1, max: 40, mean: 12, percentiles: { p50: 2, p90: 40, p99: 40, p999: 40 }, encoded: encoded([1000, 2000, 5000, 40_000]) }],
  series: [
    { name: 'requests', unit: 'per bucket', aggregate: 'sum', points: [2, 2] },
    { name: 'errors', unit: 'per bucket', aggregate: 'sum', points: [0, 1] },
    { name: '429', unit: 'per bucket', aggregate: 'sum', points: [0, 1] },
    { name: '5xx', unit: 'per bucket', aggregate: 'sum', points: [0, 0] },
    { name: 'latency p99', unit: 'ms', aggregate: 'histogram', points: [2, 40], buckets: [encoded([1000, 2000]), encoded([5000, 40_000])] },
  ],
  figures: [{ name: 'throughput', value: 2, unit: 'requests/s', aggregate: 'derived' }],
  objectives: [{ id: 'p99', target: '500ms', actual: '40ms', outcome: 'pass', message: 'p99 was 40ms; the objective is at most 500ms.' }],
  notes: ['The simulator fell <behind>.'],
};

describe('renderFleetSection', () => {
  it('renders nothing for a run without measurements', () => {
    expect(renderFleetSection(undefined)).toBe('');
  });

  it('draws the latency-over-time, histogram, error-rate and request charts as inline SVG', () => {
    const html = renderFleetSection(MEASUREMENTS);
    expect(html.match(/<svg class="chart"/g)?.length).toBe(4);
    for (const title of ['Latency over time', 'Latency distribution', 'Errors and 429s over time', 'Requests over time']) expect(html).toContain(`<title>${title}</title>`);
    // The histogram: the four requests fall in the 1, 2, 5 and 50 ms bins.
    expect(html).toContain('<title>≤ 1 ms: 1</title>');
    expect(html).toContain('<title>≤ 50 ms: 1</title>');
    expect(html).not.toMatch(/style=|href=|<script/);
  });

  it('escapes notes and shows objectives and figures', () => {
    const html = renderFleetSection(MEASUREMENTS);
    expect(html).toContain('<li>The simulator fell &lt;behind&gt;.</li>');
    expect(html).toContain('<code>p99 ≤ 500ms</code>');
    expect(html).toContain('<th scope="row">throughput</th><td class="num">2</td><td>requests/s</td>');
  });
});
