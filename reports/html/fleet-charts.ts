import { escapeHtml } from './escape-html.js';

/**
 * Small inline SVG charts for the fleet section. Pure functions from numbers to markup; presentation
 * attributes only (no `style` attributes, which the report's Content-Security-Policy forbids), and every
 * chart carries a title and a text description for screen readers and print.
 */

export interface ChartLine {
  name: string;
  /** One value per x step; `undefined` leaves a gap. */
  points: (number | undefined)[];
  colour: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  description: string;
  lines: ChartLine[];
  /** Width of one x step in seconds (the bucket). */
  stepSeconds: number;
  yUnit: string;
  width?: number;
  height?: number;
}

export interface HistogramBin {
  /** Upper edge, in the chart's unit. */
  upTo: number;
  count: number;
}

export interface BarChartOptions {
  title: string;
  description: string;
  bins: HistogramBin[];
  xUnit: string;
  colour?: string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 28, right: 16, bottom: 38, left: 56 };
const AXIS = '#5a6472';
const GRID = '#d8dde3';

/** A line chart over time (x: seconds since the start of the load). */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 520;
  const height = options.height ?? 220;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const steps = Math.max(1, ...options.lines.map((l) => l.points.length));
  const values = options.lines.flatMap((l) => l.points.filter((p): p is number => p !== undefined && Number.isFinite(p)));
  const yMax = niceCeiling(Math.max(0, ...values));
  // The x axis ends on a round number of seconds at or past the last step, so its ticks are round too.
  const xMax = niceCeiling(steps * options.stepSeconds);
  const x = (i: number) => MARGIN.left + (((i + 0.5) * options.stepSeconds) / xMax) * plotW;
  const y = (v: number) => MARGIN.top + plotH - (yMax === 0 ? 0 : (v / yMax) * plotH);
  const paths = options.lines.map((line) => {
    let d = '';
    let open = false;
    line.points.forEach((p, i) => {
      if (p === undefined || !Number.isFinite(p)) {
        open = false;
        return;
      }
      d += `${open ? 'L' : 'M'}${fixed(x(i))} ${fixed(y(p))}`;
      open = true;
    });
    const single = line.points.filter((p) => p !== undefined).length === 1;
    return d === '' ? '' : `<path d="${d}" fill="none" stroke="${line.colour}" stroke-width="2"${line.dashed ? ' stroke-dasharray="5 3"' : ''}${single ? ' stroke-linecap="round"' : ''}/>`;
  });
  const yTicks = ticks(yMax).map((v) => `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="${GRID}"/><text x="${MARGIN.left - 6}" y="${fixed(y(v) + 4)}" text-anchor="end">${formatNumber(v)}</text>`);
  const xTicks = ticks(xMax).map((s) => {
    const px = MARGIN.left + (xMax === 0 ? 0 : (s / xMax) * plotW);
    return `<line x1="${fixed(px)}" x2="${fixed(px)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="${AXIS}"/><text x="${fixed(px)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${formatNumber(s)}</text>`;
  });
  return frame(options.title, options.description, width, height, [
    ...yTicks,
    ...xTicks,
    axes(plotW, plotH),
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">seconds into the load</text>`,
    `<text x="${MARGIN.left}" y="${MARGIN.top - 10}" text-anchor="start">${escapeHtml(options.yUnit)}</text>`,
    legend(options.lines, width),
    ...paths,
  ]);
}

/** A histogram as bars of equal width per bin (bins are usually logarithmic in latency). */
export function barChart(options: BarChartOptions): string {
  const width = options.width ?? 520;
  const height = options.height ?? 220;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const bins = options.bins;
  const yMax = niceCeiling(Math.max(0, ...bins.map((b) => b.count)));
  const barW = bins.length === 0 ? 0 : plotW / bins.length;
  const y = (v: number) => MARGIN.top + plotH - (yMax === 0 ? 0 : (v / yMax) * plotH);
  const bars = bins.map((bin, i) => {
    const top = y(bin.count);
    const label = `≤ ${formatNumber(bin.upTo)} ${options.xUnit}: ${bin.count}`;
    return `<rect x="${fixed(MARGIN.left + i * barW + 1)}" y="${fixed(top)}" width="${fixed(Math.max(0, barW - 2))}" height="${fixed(MARGIN.top + plotH - top)}" fill="${options.colour ?? '#1f4e79'}"><title>${escapeHtml(label)}</title></rect>`;
  });
  // Label every bin when they fit, else every other one.
  const every = barW >= 34 ? 1 : 2;
  const xLabels = bins.map((bin, i) => (i % every === 0 ? `<text x="${fixed(MARGIN.left + (i + 0.5) * barW)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${formatNumber(bin.upTo)}</text>` : ''));
  const yTicks = ticks(yMax).map((v) => `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="${GRID}"/><text x="${MARGIN.left - 6}" y="${fixed(y(v) + 4)}" text-anchor="end">${formatNumber(v)}</text>`);
  return frame(options.title, options.description, width, height, [
    ...yTicks,
    ...bars,
    ...xLabels,
    axes(plotW, plotH),
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(`latency up to (${options.xUnit})`)}</text>`,
    `<text x="${MARGIN.left}" y="${MARGIN.top - 10}" text-anchor="start">requests</text>`,
  ]);
}

/**
 * Counts per logarithmic bin (1-2-5 steps) from a cumulative distribution given as ascending
 * `[value, cumulativeCount]` pairs, e.g. an HDR histogram's recorded values. Leading and trailing empty
 * bins are dropped.
 */
export function logBins(cumulative: readonly (readonly [number, number])[]): HistogramBin[] {
  if (cumulative.length === 0) return [];
  const total = (cumulative[cumulative.length - 1] as readonly [number, number])[1];
  const maxValue = (cumulative[cumulative.length - 1] as readonly [number, number])[0];
  const edges: number[] = [];
  for (let decade = 0.001; edges.length === 0 || (edges[edges.length - 1] as number) < maxValue; decade *= 10) {
    for (const step of [1, 2, 5]) edges.push(round3(decade * step));
  }
  // Linear between the known points of the distribution: a bin edge rarely falls on one.
  const countUpTo = (edge: number) => {
    let below: readonly [number, number] | undefined;
    for (const point of cumulative) {
      if (point[0] > edge) return below === undefined ? 0 : Math.round(below[1] + ((point[1] - below[1]) * (edge - below[0])) / (point[0] - below[0]));
      below = point;
    }
    return below?.[1] ?? 0;
  };
  let previous = 0;
  const bins = edges.map((upTo) => {
    const cum = countUpTo(upTo);
    const bin = { upTo, count: cum - previous };
    previous = cum;
    return bin;
  });
  if (previous < total) bins.push({ upTo: maxValue, count: total - previous });
  const first = bins.findIndex((b) => b.count > 0);
  const last = bins.length - 1 - [...bins].reverse().findIndex((b) => b.count > 0);
  return first === -1 ? [] : bins.slice(first, last + 1);
}

function frame(title: string, description: string, width: number, height: number, parts: string[]): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" font-size="11" fill="${AXIS}"><title>${escapeHtml(title)}</title><desc>${escapeHtml(description)}</desc>${parts.join('')}</svg>`;
}

function axes(plotW: number, plotH: number): string {
  return `<path d="M${MARGIN.left} ${MARGIN.top}V${MARGIN.top + plotH}H${MARGIN.left + plotW}" fill="none" stroke="${AXIS}"/>`;
}

function legend(lines: ChartLine[], width: number): string {
  let at = width - MARGIN.right;
  const items = [...lines].reverse().map((line) => {
    const textWidth = line.name.length * 6 + 8;
    at -= textWidth + 22;
    return `<line x1="${fixed(at)}" x2="${fixed(at + 16)}" y1="${MARGIN.top - 14}" y2="${MARGIN.top - 14}" stroke="${line.colour}" stroke-width="2"${line.dashed ? ' stroke-dasharray="5 3"' : ''}/><text x="${fixed(at + 20)}" y="${MARGIN.top - 10}">${escapeHtml(line.name)}</text>`;
  });
  return items.join('');
}

/** The smallest 1-2-5 step number at or above `value` (0 stays 0, small values give 1). */
export function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return round3(step * power);
  return round3(10 * power);
}

function ticks(max: number): number[] {
  if (max <= 0) return [0];
  return [0, 0.25, 0.5, 0.75, 1].map((f) => round3(f * max));
}

function formatNumber(value: number): string {
  if (value >= 10_000) return `${round3(value / 1000)}k`;
  return String(round3(value));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function fixed(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}
