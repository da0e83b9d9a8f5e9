import { createHash } from 'node:crypto';
import type { HttpExchange } from '../results/model.js';

/** Evidence stays readable in a report: ~2 KiB of each body and header value. */
export const EVIDENCE_LIMIT = 2048;

/** Headers whose values are credentials; recorded as `<redacted>`. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'signature', 'cookie', 'set-cookie', 'x-payload-signature']);
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

export interface ExchangeParts {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: Uint8Array | string | undefined;
  response?: { status: number; headers: Record<string, string>; body?: Uint8Array };
  at?: number;
}

/** One request and its response as evidence: secrets redacted, bodies and values truncated. */
export function recordExchange(parts: ExchangeParts): HttpExchange {
  const exchange: HttpExchange = {
    kind: 'http',
    request: {
      method: parts.method,
      url: parts.url,
      headers: redactHeaders(parts.requestHeaders),
      ...(parts.requestBody !== undefined && parts.requestBody.length > 0 ? { body: showBody(parts.requestBody).text } : {}),
    },
  };
  if (parts.response) {
    const shown = parts.response.body && parts.response.body.length > 0 ? showBody(parts.response.body) : undefined;
    exchange.response = {
      status: parts.response.status,
      headers: redactHeaders(parts.response.headers),
      ...(shown ? { body: shown.text } : {}),
      ...(shown?.truncated ? { truncated: true } : {}),
    };
  }
  if (parts.at !== undefined) exchange.at = parts.at;
  return exchange;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) {
    const value = headers[name] ?? '';
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? '<redacted>' : truncate(value.replace(PRIVATE_KEY, '<private key redacted>')).text;
  }
  return out;
}

/** Text bodies as text (private keys removed), binary bodies as their size and digest. */
export function showBody(body: Uint8Array | string): { text: string; truncated: boolean } {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!isText(bytes)) {
    return { text: `<${bytes.length} bytes of binary, sha256:${createHash('sha256').update(bytes).digest('hex')}>`, truncated: false };
  }
  return truncate(bytes.toString('utf8').replace(PRIVATE_KEY, '<private key redacted>'));
}

function truncate(text: string): { text: string; truncated: boolean } {
  if (text.length <= EVIDENCE_LIMIT) return { text, truncated: false };
  return { text: `${text.slice(0, EVIDENCE_LIMIT)}… (${text.length - EVIDENCE_LIMIT} more characters)`, truncated: true };
}

function isText(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 512);
  if (sample.includes(0)) return false;
  return !sample.toString('utf8').includes('\uFFFD');
}
