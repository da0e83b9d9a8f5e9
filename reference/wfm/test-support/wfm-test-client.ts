import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { signRequest, type RequestSigner } from '../../../core/http-signatures/index.js';

export interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  json(): any;
}

/** An HTTPS client for tests: HTTP/1.1, the test CA, optionally a client certificate (rc.3). */
export function createTlsAgent(caPem: string, client?: { certPem: string; keyPem: string }): Agent {
  return new Agent({ connect: { ca: caPem, ...(client ? { cert: client.certPem, key: client.keyPem } : {}), ALPNProtocols: ['http/1.1'] } });
}

export async function send(
  agent: Agent | undefined,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; signer?: RequestSigner } = {},
): Promise<Exchange> {
  const method = init.method ?? 'GET';
  const body = init.body === undefined ? undefined : Buffer.from(typeof init.body === 'string' ? init.body : JSON.stringify(init.body));
  let headers: Record<string, string> = { ...(body ? { 'content-type': 'application/json' } : {}), ...init.headers };
  if (init.signer) headers = { ...headers, ...(await signRequest({ method, url, headers, ...(body ? { body } : {}) }, init.signer)) };
  const response = await request(url, { method, headers, ...(body ? { body } : {}), ...(agent ? { dispatcher: agent } : {}) });
  const raw = Buffer.from(await response.body.arrayBuffer());
  const flat = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
  const decoded = flat['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
  return { status: response.statusCode, headers: flat, body: decoded, json: () => JSON.parse(decoded.toString('utf8')) };
}

/** Calls the control adapter with JSON. */
export async function control(controlUrl: string, method: string, path: string, body?: unknown): Promise<Exchange> {
  return send(undefined, `${controlUrl}${path}`, { method, ...(body === undefined ? {} : { body }) });
}

export function fixtureText(relative: string): string {
  return readFileSync(new URL(`../../../fixtures/${relative}`, import.meta.url), 'utf8');
}
