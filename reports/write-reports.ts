import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResults } from '../core/results/model.js';
import { TRAFFIC_FILE, renderTraffic } from './json-renderer.js';
import { REPORT_FILES, RENDERERS, type ReportName } from './renderers.js';

const WRITE_ORDER: readonly ReportName[] = ['json', 'junit', 'html'];

/** Writes results.json, junit.xml, report.html and, when the run made traffic, traffic.json into `outDir` (created if missing); returns their paths. */
export async function writeReports(results: RunResults, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const paths: string[] = [];
  for (const name of WRITE_ORDER) {
    const path = join(outDir, REPORT_FILES[name]);
    await writeFile(path, RENDERERS[name](results), 'utf8');
    paths.push(path);
  }
  if (results.traffic && results.traffic.length > 0) {
    const path = join(outDir, TRAFFIC_FILE);
    await writeFile(path, renderTraffic(results), 'utf8');
    paths.push(path);
  }
  return paths;
}
