import { readFile, stat } from 'node:fs/promises';
import { DEFAULT_LIMITS, UnsafeInputError, type InputLimits } from '../../core/input/limits.js';
import { readDirectory } from '../../core/input/read-directory.js';
import { escapeReason, readTarball } from '../../core/input/read-tarball.js';

/** A Helm chart in memory: its files by POSIX path relative to the chart root (the directory holding Chart.yaml). */
export interface HelmChart {
  location: string;
  format: 'directory' | 'tgz';
  files: ReadonlyMap<string, Uint8Array>;
}

export interface HelmContext {
  chart: HelmChart;
  /** Renders the chart with `helm template`; absent when no helm binary is on PATH. */
  render?: (chart: HelmChart) => Promise<string>;
}

/** Reads a chart directory or a packaged chart (`.tgz`, one top directory); links and escaping entries are refused. */
export async function loadChart(path: string, limits: InputLimits = DEFAULT_LIMITS): Promise<HelmChart> {
  const info = await stat(path);
  if (info.isDirectory()) return { location: path, format: 'directory', files: await readDirectory(path, limits) };
  const entries = await readTarball(await readFile(path), limits);
  return chartFromEntries(path, entries);
}

export function chartFromEntries(location: string, entries: Awaited<ReturnType<typeof readTarball>>): HelmChart {
  for (const entry of entries) {
    const reason = escapeReason(entry);
    if (reason) throw new UnsafeInputError(`${location}: ${reason}; refused. Package the chart with helm package.`);
  }
  const files = new Map<string, Uint8Array>();
  const names = entries.filter((e) => e.type === 'file' && e.bytes).map((e) => e.name.replace(/^\.\//, ''));
  const chartYaml = names.filter((n) => /^([^/]+\/)?Chart\.yaml$/.test(n)).sort((a, b) => a.length - b.length)[0];
  const root = chartYaml?.includes('/') ? `${chartYaml.split('/')[0]}/` : '';
  for (const entry of entries) {
    const name = entry.name.replace(/^\.\//, '');
    if (entry.type === 'file' && entry.bytes && name.startsWith(root)) files.set(name.slice(root.length), entry.bytes);
  }
  return { location, format: 'tgz', files };
}

/** Template files of the chart itself (not of its subcharts under charts/). */
export function templateFiles(chart: HelmChart): [string, string][] {
  return [...chart.files.entries()]
    .filter(([name]) => name.startsWith('templates/'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')]);
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
