import type { EvidenceRef, HttpExchange, TlsHandshake, TrafficRecord } from '../../core/results/model.js';
import { escapeHtml } from './escape-html.js';

/** The run's traffic log by record id, for resolving `observed` references. */
export type TrafficIndex = ReadonlyMap<string, TrafficRecord>;

export function indexTraffic(traffic: readonly TrafficRecord[] | undefined): TrafficIndex {
  return new Map((traffic ?? []).map((record) => [record.id, record]));
}

/** Headers a reader signing off needs to judge an exchange; the rest stay in the traffic log. */
const KEY_HEADERS = new Set([
  'accept', 'accept-encoding', 'authorization', 'cache-control', 'content-digest', 'content-encoding', 'content-length', 'content-type',
  'docker-content-digest', 'etag', 'if-none-match', 'location', 'retry-after', 'signature', 'signature-input', 'www-authenticate',
]);

export interface EvidenceLimits {
  /** Characters of a body shown before `… (n more characters)`. */
  bodyChars: number;
  /** Exchanges shown before `and n more`. */
  records: number;
}

export const FAILURE_LIMITS: EvidenceLimits = { bodyChars: 1200, records: 6 };
export const PASS_LIMITS: EvidenceLimits = { bodyChars: 300, records: 3 };

/**
 * The observations a finding or check cites, resolved against the traffic log: each HTTP exchange as its request
 * line, status, key headers and a truncated body; each TLS handshake as one line; a file as its place. `skip` names
 * records already shown (a finding's own location). A reference the log does not hold is said so, never dropped.
 */
export function renderObserved(refs: readonly EvidenceRef[] | undefined, traffic: TrafficIndex, limits: EvidenceLimits, skip: ReadonlySet<string> = new Set()): string {
  const unique = [...new Map((refs ?? []).map((ref) => [ref.kind === 'traffic' ? `t:${ref.id}` : `f:${ref.file}:${ref.pointer ?? ''}:${ref.line ?? ''}`, ref])).values()].filter(
    (ref) => ref.kind !== 'traffic' || !skip.has(ref.id),
  );
  if (unique.length === 0) return '';
  const shown = unique.slice(0, limits.records).map((ref) => `<li>${renderRef(ref, traffic, limits)}</li>`);
  const rest = unique.slice(limits.records);
  const more = rest.length === 0 ? '' : `<li class="evidence-more">and ${rest.length} more: ${rest.map((ref) => `<code>${escapeHtml(refName(ref))}</code>`).join(', ')} (in the traffic log)</li>`;
  return `<ul class="evidence">${shown.join('')}${more}</ul>`;
}

function refName(ref: EvidenceRef): string {
  return ref.kind === 'traffic' ? ref.id : `${ref.file}${ref.line === undefined ? '' : `:${ref.line}`}`;
}

function renderRef(ref: EvidenceRef, traffic: TrafficIndex, limits: EvidenceLimits): string {
  if (ref.kind === 'file') {
    return `<p class="evidence-file">File <code>${escapeHtml(refName(ref))}</code>${ref.pointer ? ` at <code>${escapeHtml(ref.pointer)}</code>` : ''}</p>`;
  }
  const record = traffic.get(ref.id);
  if (!record) return `<p class="evidence-missing"><code>${escapeHtml(ref.id)}</code>: not in the traffic log of this report</p>`;
  return record.kind === 'tls' ? renderHandshake(record, ref.id) : renderExchangeRecord(record, ref.id, limits);
}

/** One exchange, compact: `id · check` above a request block and a response block. */
export function renderExchangeRecord(exchange: HttpExchange, id: string | undefined, limits: EvidenceLimits): string {
  const { request, response } = exchange;
  const requestText = [`${request.method} ${request.url}`, ...keyHeaderLines(request.headers), ...bodyLines(request.body, false, limits.bodyChars)].join('\n');
  const responseText = response
    ? [`HTTP ${response.status}`, ...keyHeaderLines(response.headers), ...bodyLines(response.body, response.truncated ?? false, limits.bodyChars)].join('\n')
    : `No response${exchange.error ? `: ${exchange.error}` : '.'}`;
  const label = [id, exchange.at === undefined ? undefined : `at ${Math.round(exchange.at)} ms`, (exchange as TrafficRecord).check].filter(Boolean).join(' · ');
  return `${label ? `<p class="evidence-label">${escapeHtml(label)}</p>` : ''}<div class="exchange"><div><p class="exchange-label">Request</p><pre>${escapeHtml(requestText)}</pre></div>\
<div><p class="exchange-label">Response</p><pre>${escapeHtml(responseText)}</pre></div></div>`;
}

function renderHandshake(handshake: TlsHandshake, id: string): string {
  const peer = handshake.peer ? `; peer ${[...handshake.peer.uris, ...handshake.peer.dnsNames].join(', ') || handshake.peer.subject || 'without names'}` : '';
  const text = `TLS ${handshake.role === 'client' ? 'to' : 'from'} ${handshake.host}:${handshake.port}: ${handshake.result}${handshake.protocol ? ` (${handshake.protocol})` : ''}${peer}${handshake.detail ? `; ${handshake.detail}` : ''}`;
  return `<p class="evidence-label">${escapeHtml(id)}</p><pre>${escapeHtml(text)}</pre>`;
}

function keyHeaderLines(headers: Record<string, string>): string[] {
  const entries = Object.entries(headers);
  const key = entries.filter(([name]) => KEY_HEADERS.has(name.toLowerCase()));
  const others = entries.length - key.length;
  return [...key.map(([name, value]) => `${name}: ${value}`), ...(others > 0 ? [`(${others} more header${others === 1 ? '' : 's'} in the traffic log)`] : [])];
}

function bodyLines(body: string | undefined, truncated: boolean, limit: number): string[] {
  if (body === undefined || body === '') return [];
  const cut = body.length > limit;
  const shown = cut ? `${body.slice(0, limit)}\n… (${body.length - limit} more characters in the traffic log)` : body;
  return ['', truncated && !cut ? `${shown}\n… (truncated)` : shown];
}
