import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { HelmChart } from './chart.js';

/** Rendering is bounded: a chart that takes longer is broken or hostile. */
const RENDER_TIMEOUT_MS = 30_000;

/** The helm binary on a PATH value, found without spawning anything; undefined when there is none. */
export function findHelm(path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'helm');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** A renderer for HelmContext: `helm template` on the chart as given (directory or .tgz), offline. */
export function helmRenderer(helm: string): (chart: HelmChart) => Promise<string> {
  return (chart) =>
    new Promise((resolve, reject) => {
      execFile(helm, ['template', 'margo-conformance', chart.location], { timeout: RENDER_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`helm template ${chart.location} failed: ${stderr.split('\n')[0] || error.message}`, { cause: error }));
        else resolve(stdout);
      });
    });
}
