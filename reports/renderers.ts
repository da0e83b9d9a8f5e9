import type { RunResults } from '../core/results/model.js';
import { renderHtml } from './html-renderer.js';
import { renderJson } from './json-renderer.js';
import { renderJunit } from './junit-renderer.js';

/** File reports by name. The text summary is not here: it is for the terminal, and takes options. */
export const RENDERERS = {
  json: renderJson,
  junit: renderJunit,
  html: renderHtml,
} as const satisfies Record<string, (results: RunResults) => string>;

export type ReportName = keyof typeof RENDERERS;

/** The file each report is written to inside the output directory. */
export const REPORT_FILES: Record<ReportName, string> = {
  json: 'results.json',
  junit: 'junit.xml',
  html: 'report.html',
};
