import type { Finding, HttpExchange } from '../../core/results/model.js';
import { escapeHtml } from './escape-html.js';
import { renderDefinitionList } from './render-definition-list.js';
import { FAILURE_LIMITS, renderObserved, type TrafficIndex } from './render-evidence.js';

/**
 * One finding: its message, where it points (file, line, JSON pointer, or an HTTP exchange), its facts, and the
 * exchanges it cites (`observed`) resolved against the run's traffic log.
 */
export function renderFinding(finding: Finding, traffic: TrafficIndex = new Map()): string {
  const location = finding.location;
  const fileRows: [string, string | undefined][] =
    location?.kind === 'file'
      ? [
          ['File', `<code>${escapeHtml(location.file)}</code>`],
          ['Line', location.line === undefined ? undefined : `${location.line}${location.column === undefined ? '' : `, column ${location.column}`}`],
          ['JSON pointer', location.pointer ? `<code>${escapeHtml(location.pointer)}</code>` : undefined],
        ]
      : [];
  const evidenceRows = Object.entries(finding.evidence ?? {}).map(([key, value]): [string, string] => [
    escapeHtml(key),
    `<code>${escapeHtml(stringify(value))}</code>`,
  ]);
  const facts = renderDefinitionList('facts', [...fileRows, ...evidenceRows]);
  const exchange = location?.kind === 'http' ? renderExchange(location) : '';
  const shown = new Set(location?.kind === 'http' && location.id ? [location.id] : []);
  const observed = renderObserved(finding.observed, traffic, FAILURE_LIMITS, shown);
  return `<li class="finding"><p class="finding-message">${escapeHtml(finding.message)}</p>${exchange}${facts}${observed}</li>`;
}

function renderExchange(exchange: HttpExchange): string {
  const { request, response } = exchange;
  const requestText = [`${request.method} ${request.url}`, ...headerLines(request.headers), ...bodyLines(request.body)].join('\n');
  const responseText = response
    ? [`HTTP ${response.status}`, ...headerLines(response.headers), ...bodyLines(response.body, response.truncated)].join('\n')
    : 'No response.';
  const label = exchange.id ? `<p class="evidence-label">${escapeHtml(exchange.id)}</p>` : '';
  return `${label}<div class="exchange"><div><p class="exchange-label">Request</p><pre>${escapeHtml(requestText)}</pre></div>\
<div><p class="exchange-label">Response</p><pre>${escapeHtml(responseText)}</pre></div></div>`;
}

function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
}

function bodyLines(body: string | undefined, truncated = false): string[] {
  if (body === undefined) return [];
  return ['', truncated ? `${body}\n… (truncated)` : body];
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
