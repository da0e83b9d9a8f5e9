/**
 * The report's stylesheet. System fonts only (a report must render offline and in an archive);
 * restrained colours with text labels, so nothing depends on colour; a print layout in black on
 * white with every row shown, no controls, and no rows or cards split across pages.
 */
export const REPORT_STYLES = `
:root {
  --ink: #1d2530; --muted: #5a6472; --line: #d8dde3; --soft: #f4f6f8; --page: #eef1f4; --paper: #fff;
  --accent: #1f4e79;
  --pass: #1a7f37; --pass-bg: #e7f4ea; --fail: #b42318; --fail-bg: #fdeceb;
  --error: #a15c00; --error-bg: #fff1dc; --warning: #8a6a00; --warning-bg: #fff8d9;
  --indeterminate: #5b3fa8; --indeterminate-bg: #efeafb; --skip: #4b5563; --skip-bg: #eceff3;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { background: var(--page); }
body { margin: 0; color: var(--ink); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 0 24px 48px; }
code, pre { font-family: var(--mono); font-size: 12.5px; }
code { overflow-wrap: anywhere; }
a { color: var(--accent); }
h2 { font-size: 17px; margin: 0 0 8px; letter-spacing: .01em; }
h2 .count { display: inline-block; min-width: 22px; padding: 0 7px; margin-left: 6px; border-radius: 11px; background: var(--soft); border: 1px solid var(--line); color: var(--muted); font-size: 12px; font-weight: 600; text-align: center; vertical-align: 2px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 20px 24px; margin-top: 16px; }
.lead { color: var(--muted); margin: 0 0 14px; }
.empty { color: var(--muted); font-style: italic; margin: 0; }

.masthead { background: #17212e; color: #fff; }
.masthead-inner { max-width: 1120px; margin: 0 auto; padding: 18px 24px; display: flex; justify-content: space-between; align-items: baseline; gap: 16px; flex-wrap: wrap; }
.masthead .kicker { margin: 0; font-size: 11px; letter-spacing: .12em; text-transform: uppercase; color: #a9b6c6; }
.masthead h1 { margin: 2px 0 0; font-size: 22px; font-weight: 600; }
.masthead .masthead-meta { margin: 0; color: #c8d2de; font-size: 13px; text-align: right; }

.verdict { display: flex; gap: 18px; align-items: center; border-left-width: 6px; margin-top: 24px; }
.verdict-mark { flex: none; width: 44px; height: 44px; border-radius: 50%; display: grid; place-items: center; font-size: 24px; font-weight: 700; color: #fff; }
.verdict-title { margin: 0; font-size: 22px; font-weight: 700; }
.verdict-reason { margin: 2px 0 0; font-size: 15px; }
.verdict-conformant { background: var(--pass-bg); border-color: #b5dcc0; border-left-color: var(--pass); }
.verdict-conformant .verdict-mark { background: var(--pass); } .verdict-conformant .verdict-title { color: var(--pass); }
.verdict-non-conformant { background: var(--fail-bg); border-color: #f2c4c0; border-left-color: var(--fail); }
.verdict-non-conformant .verdict-mark { background: var(--fail); } .verdict-non-conformant .verdict-title { color: var(--fail); }
.verdict-error { background: var(--error-bg); border-color: #f0d3a6; border-left-color: var(--error); }
.verdict-error .verdict-mark { background: var(--error); } .verdict-error .verdict-title { color: var(--error); }

.panels { display: grid; grid-template-columns: 1fr 1fr; gap: 0; padding: 0; }
.panel { padding: 18px 24px; }
.panel + .panel { border-left: 1px solid var(--line); }
dl.meta { margin: 0; display: grid; grid-template-columns: max-content 1fr; column-gap: 16px; row-gap: 4px; }
dl.meta > div { display: contents; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; min-width: 0; }
.digest { font-size: 11.5px; }
.tag { display: inline-block; padding: 0 6px; border: 1px solid var(--warning); color: var(--warning); border-radius: 3px; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; }

.reproduce-head { display: flex; justify-content: space-between; align-items: center; }
pre { margin: 0; padding: 10px 12px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 320px; overflow: auto; }
pre.command { background: #17212e; color: #e8eef5; border-color: #17212e; }
button { font: inherit; font-size: 13px; padding: 4px 12px; border: 1px solid var(--line); border-radius: 5px; background: var(--paper); color: var(--ink); cursor: pointer; }
button:hover { background: var(--soft); }

.stats { display: grid; grid-template-columns: repeat(7, 1fr); gap: 10px; margin-bottom: 18px; }
.stat { border: 1px solid var(--line); border-top: 4px solid var(--skip); border-radius: 6px; padding: 10px 12px; background: var(--paper); }
.stat-value { display: block; font-size: 26px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.stat-label { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .06em; }
.stat-pass { border-top-color: var(--pass); } .stat-fail { border-top-color: var(--fail); } .stat-error { border-top-color: var(--error); }
.stat-warning { border-top-color: #d4a800; } .stat-indeterminate { border-top-color: var(--indeterminate); }
.stat-not-covered { border-top-style: dashed; }
.stat-fail:not(.stat-zero) .stat-value { color: var(--fail); } .stat-error:not(.stat-zero) .stat-value { color: var(--error); }
.stat-warning:not(.stat-zero) .stat-value { color: var(--warning); }
.stat-zero .stat-value { color: #a3abb5; }
.checks-line { color: var(--muted); margin: 10px 0 0; font-size: 13px; }

table { width: 100%; border-collapse: collapse; }
caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; font-weight: 600; border-bottom: 1px solid #c5ccd4; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #a3abb5; } td.total { font-weight: 600; }
table.levels { width: auto; }
table.levels th { white-space: nowrap; }
table.levels td.num { min-width: 56px; }
table.requirements td { vertical-align: baseline; }
table.requirements tbody tr:hover { background: #f8fafc; }
.req-id { font-family: var(--mono); font-size: 12.5px; white-space: nowrap; font-weight: 600; }
.keyword { font-family: var(--mono); font-size: 12px; white-space: nowrap; color: var(--muted); }

.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 11.5px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge-pass { color: var(--pass); background: var(--pass-bg); border-color: #b5dcc0; }
.badge-fail { color: var(--fail); background: var(--fail-bg); border-color: #f2c4c0; }
.badge-error { color: var(--error); background: var(--error-bg); border-color: #f0d3a6; }
.badge-warning { color: var(--warning); background: var(--warning-bg); border-color: #eedc8f; }
.badge-waived { color: #1e5a66; background: #e3f3f6; border-color: #b5dde5; }
.stat-waived { border-top-color: #2b7a8a; } .issue-waived { border-left-color: #2b7a8a; }
.badge-indeterminate { color: var(--indeterminate); background: var(--indeterminate-bg); border-color: #d6cbf3; }
.badge-skip { color: var(--skip); background: var(--skip-bg); border-color: #d5dae0; }
.badge-not-covered { color: var(--skip); background: transparent; border: 1px dashed #9aa3ae; }

.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; padding: 10px 12px; margin-bottom: 12px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; font-size: 13px; }
.filters[hidden] { display: none; }
.filters label { display: flex; gap: 6px; align-items: center; color: var(--muted); }
.filters select, .filters input { font: inherit; color: var(--ink); padding: 3px 6px; border: 1px solid #c5ccd4; border-radius: 4px; background: var(--paper); }
.filters .search input { width: 200px; }
.filters output { margin-left: auto; color: var(--muted); }

.issue { border: 1px solid var(--line); border-left: 4px solid var(--skip); border-radius: 6px; padding: 14px 16px; margin-top: 12px; }
.issue-fail { border-left-color: var(--fail); } .issue-error { border-left-color: var(--error); }
.issue-warning { border-left-color: #d4a800; } .issue-indeterminate { border-left-color: var(--indeterminate); }
.issue-head { display: flex; flex-wrap: wrap; gap: 10px; align-items: baseline; }
.issue-id { font-family: var(--mono); font-weight: 700; font-size: 14px; }
.issue-summary { font-weight: 600; flex: 1 1 300px; }
dl.issue-meta, dl.facts { margin: 8px 0 0; display: grid; grid-template-columns: max-content 1fr; column-gap: 14px; row-gap: 2px; font-size: 13px; }
dl.issue-meta > div, dl.facts > div { display: contents; }
dl.issue-meta dt, dl.facts dt { color: var(--muted); }
dl.issue-meta dd, dl.facts dd { margin: 0; min-width: 0; }
dl.issue-meta ul { margin: 0; padding-left: 18px; }
.check { margin-top: 12px; padding-top: 10px; border-top: 1px dashed var(--line); }
.check-title { margin: 0; font-weight: 600; }
.check-title code { font-weight: 400; color: var(--muted); margin-left: 6px; }
ol.findings { margin: 6px 0 0; padding-left: 20px; }
.finding { margin-top: 8px; }
.finding-message { margin: 0; overflow-wrap: anywhere; }
dl.facts { background: var(--soft); border-radius: 4px; padding: 6px 10px; }
dl.facts dt::first-letter { text-transform: uppercase; }
.exchange { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin-top: 8px; }
.exchange pre { font-size: 12px; }
.exchange-label { margin: 0 0 2px; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
ul.evidence { list-style: none; margin: 8px 0 0; padding: 0; }
ul.evidence > li { margin-top: 8px; }
.evidence-label { margin: 0; font-family: var(--mono); font-size: 11.5px; color: var(--muted); }
.evidence-intro { margin: 8px 0 0; font-size: 13px; color: var(--muted); }
.evidence-missing, .evidence-file, .evidence-more { margin: 0; font-size: 13px; }
.evidence-missing { color: var(--error); }
.verdict-completeness, .verdict-reference { margin: 4px 0 0; }
.verdict-completeness code { white-space: nowrap; }
td.evidence-cell { font-size: 12.5px; white-space: nowrap; }
td.evidence-cell details[open] { white-space: normal; min-width: 420px; }
td.evidence-cell summary { cursor: pointer; color: var(--accent); }
.decided-by { margin-top: 8px; }
.check-message { margin: 2px 0 0; overflow-wrap: anywhere; }
td.evidence-cell .exchange { grid-template-columns: 1fr; }

table.plain td:first-child { white-space: nowrap; }
ul.readings { list-style: none; margin: 0; padding: 0; }
.reading { padding: 10px 0; border-top: 1px solid var(--line); }
.reading:first-child { border-top: none; padding-top: 0; }
.reading-head { margin: 0; font-weight: 600; }
.reading dl.issue-meta { margin-top: 4px; }
.run-errors { border-left: 4px solid var(--error); }
footer { max-width: 1120px; margin: 0 auto; padding: 0 24px 32px; color: var(--muted); font-size: 12px; }

@media (max-width: 800px) {
  .panels, .exchange { grid-template-columns: 1fr; }
  .panel + .panel { border-left: none; border-top: 1px solid var(--line); }
  .stats { grid-template-columns: repeat(4, 1fr); }
  table.levels { width: 100%; }
  table.levels th { white-space: normal; }
}

@media print {
  @page { margin: 14mm 12mm; }
  :root { --ink: #000; --muted: #333; --line: #999; --soft: #fff; }
  html, body { background: #fff !important; color: #000 !important; }
  body { font-size: 10.5pt; }
  main, footer { max-width: none; padding: 0; }
  .masthead { background: none; color: #000; border-bottom: 2px solid #000; }
  .masthead-inner { padding: 0 0 8px; }
  .masthead .kicker, .masthead .masthead-meta { color: #000; }
  section { border: none; border-radius: 0; padding: 0; margin-top: 18px; background: none !important; }
  .verdict { border: 2px solid #000 !important; padding: 10px 14px; }
  .verdict-mark { background: none !important; color: #000; border: 2px solid #000; }
  .verdict-title { color: #000 !important; }
  .panels { gap: 24px; } .panel { padding: 0; } .panel + .panel { border-left: none; }
  pre, pre.command { background: #fff; color: #000; border: 1px solid #999; max-height: none; overflow: visible; }
  .filters, .filters:not([hidden]), .copy-button, #no-match { display: none !important; }
  table.requirements tbody tr[hidden] { display: table-row !important; }
  thead { display: table-header-group; }
  tr, .stat, .issue, .finding, .check, .reading, dl, pre { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .badge, .stat, .tag { background: none !important; color: #000 !important; border: 1px solid #000 !important; }
  .badge-not-covered { border-style: dashed !important; }
  .stat-value, td.zero, .stat-zero .stat-value { color: #000 !important; }
  .issue { border: 1px solid #999; border-left: 3px solid #000; }
  a { color: #000; text-decoration: none; }
  thead th, dl.facts { background: none; }
  dl.facts { padding: 0; }
  .charts figure, .fleet-tables table { break-inside: avoid; page-break-inside: avoid; }
  /* Evidence on demand stays a screen affordance: the printed table is the outcomes; cards carry their evidence. */
  table.requirements th:last-child, td.evidence-cell { display: none; }
  .issue .exchange { grid-template-columns: 1fr 1fr; }
  .issue pre { font-size: 8.5pt; }
  #requirements { break-before: page; page-break-before: always; }
}

#fleet h3 { font-size: 14px; margin: 14px 0 6px; }
.fleet-notes { margin: 0 0 12px; padding-left: 20px; color: var(--error); }
.objectives { list-style: none; margin: 0 0 12px; padding: 0; }
.objectives li { margin: 2px 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 12px; margin: 12px 0; }
.charts figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; background: var(--paper); }
.charts figcaption { font-size: 12.5px; font-weight: 600; padding: 2px 4px 0; }
svg.chart { display: block; width: 100%; height: auto; font-family: system-ui, sans-serif; }
svg.chart text { fill: var(--muted); }
.fleet-tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; align-items: start; }
.fleet-tables table { border-collapse: collapse; width: 100%; }
.fleet-tables caption { text-align: left; font-weight: 600; padding: 4px 0; }
.fleet-tables th, .fleet-tables td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: left; font-weight: normal; }
.fleet-tables thead th { color: var(--muted); font-weight: 600; }
.fleet-tables td.num { text-align: right; }
`;
