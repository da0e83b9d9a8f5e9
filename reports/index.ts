export { renderHtml } from './html-renderer.js';
export { TRAFFIC_FILE, renderJson, renderTraffic } from './json-renderer.js';
export { renderJunit } from './junit-renderer.js';
export { renderText, type TextRenderOptions } from './text-renderer.js';
export { formatFinding } from './format-finding.js';
export { formatLocation } from './format-location.js';
export { RENDERERS, REPORT_FILES, type ReportName } from './renderers.js';
export { writeReports } from './write-reports.js';
