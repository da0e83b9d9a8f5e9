import { describe, expect, it } from 'vitest';
import { barChart, lineChart, logBins, niceCeiling } from './fleet-charts.js';

describe('niceCeiling', () => {
  it.each([
    [0, 0],
    [0.3, 0.5],
    [1, 1],
    [7, 10],
    [12, 20],
    [240, 250],
    [251, 500],
  ])('rounds %d up to %d', (value, expected) => {
    expect(niceCeiling(value)).toBe(expected);
  });
});

describe('logBins', () => {
  it.each([
    ['no data', [], []],
    ['everything in one bin', [[1.5, 10]], [{ upTo: 2, count: 10 }]],
    [
      'counts between points interpolated, empty ends dropped',
      [
        [1, 10],
        [3, 30],
        [8, 40],
      ],
      [
        { upTo: 1, count: 10 },
        { upTo: 2, count: 10 },
        { upTo: 5, count: 14 },
        { upTo: 10, count: 6 },
      ],
    ],
  ] as const)('bins %s', (_, cumulative, expected) => {
    expect(logBins(cumulative)).toEqual(expected);
  });
});

describe('lineChart', () => {
  const chart = lineChart({ title: 'Latency <over> time', description: 'p99 & p50', stepSeconds: 1, yUnit: 'ms', lines: [{ name: 'p99', colour: '#b42318', points: [10, undefined, 20, 40] }] });

  it('is one inline SVG with an escaped title and description', () => {
    expect(chart.startsWith('<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 220"')).toBe(true);
    expect(chart).toContain('<title>Latency &lt;over&gt; time</title><desc>p99 &amp; p50</desc>');
  });

  it('uses no style attributes and no external references (the report CSP forbids them)', () => {
    expect(chart).not.toMatch(/style=|href=|url\(/);
  });

  it('breaks the line where a bucket has no value', () => {
    const path = /<path d="(M[^"]+)" fill="none" stroke="#b42318"/.exec(chart)?.[1];
    expect(path?.match(/M/g)?.length).toBe(2);
    expect(path?.match(/L/g)?.length).toBe(1);
  });

  it('scales the y axis to a round maximum above the largest point', () => {
    expect(chart).toContain('>50</text>');
    expect(chart).not.toContain('>100</text>');
  });
});

describe('barChart', () => {
  it('draws one bar per bin with its count as a tooltip', () => {
    const chart = barChart({ title: 'Latency distribution', description: 'd', xUnit: 'ms', bins: [{ upTo: 1, count: 3 }, { upTo: 2, count: 0 }, { upTo: 5, count: 7 }] });
    expect(chart.match(/<rect /g)?.length).toBe(3);
    expect(chart).toContain('<title>≤ 5 ms: 7</title>');
    expect(chart).not.toMatch(/style=|href=/);
  });
});

describe('lineChart x axis', () => {
  it.each([
    [270, ['0', '125', '250', '375', '500']],
    [16, ['0', '5', '10', '15', '20']],
  ])('ends %i one-second steps on a round number of seconds with round ticks', (steps, labels) => {
    const chart = lineChart({ title: 't', description: 'd', stepSeconds: 1, yUnit: 'ms', lines: [{ name: 'a', colour: '#000', points: Array.from({ length: steps }, () => 1) }] });
    const ticks = [...chart.matchAll(/y="\d+(?:\.\d+)?" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => m[1]).filter((t) => t !== 'seconds into the load');
    expect(ticks).toEqual(labels);
  });
});
