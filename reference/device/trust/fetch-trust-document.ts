import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DeviceFaultSet } from '../faults.js';

export interface TrustFetchOptions {
  /** The pre-provisioned anchors of the discovery and bundle server (`--trust-discovery-ca`, ID-019). */
  caPem: string;
  ifNoneMatch?: string;
  timeoutMs: number;
  maxBodyBytes: number;
  faults: DeviceFaultSet;
  /** Aborts the exchange when the device stops. */
  signal: AbortSignal;
}

export interface TrustAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** The server's certificate was refused: no anchor of `--trust-discovery-ca`, or not issued for the URL's host (ID-019). */
export class TrustServerIdentityError extends Error {
  override name = 'TrustServerIdentityError';
}

// OpenSSL's chain verification codes and Node's RFC 6125 name check failure.
const CERTIFICATE_ERROR = /CERT|ISSUER|SIGNATURE|SELF_SIGNED|INVALID_CA|INVALID_PURPOSE|ALTNAME/;

/**
 * One GET of a discovery document or SPIFFE bundle. ID-019: TLS against the given anchors only, with
 * the RFC 6125 name check against the URL's host; never trust on first use. No session resumption,
 * no redirects followed (a 3xx is just an answer), one timeout for the whole exchange, a bounded body.
 */
export function fetchTrustDocument(url: URL, options: TrustFetchOptions): Promise<TrustAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { answer: TrustAnswer } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('answer' in outcome) resolve(outcome.answer);
      else reject(outcome.error);
      request.destroy();
    };
    const headers = { accept: 'application/json', ...(options.ifNoneMatch ? { 'if-none-match': options.ifNoneMatch } : {}) };
    // ID-019 forbids this; only the fault connects without verifying the server.
    const verified = !options.faults.has('trusts-discovery-on-first-use');
    const common = { method: 'GET', headers, agent: false as const, lookup: lookupLocalhostAsIpv4, signal: options.signal };
    // Only http: reaches here when the follows-http-bundle-uri fault let it through (TB-005).
    const request =
      url.protocol === 'https:'
        ? httpsRequest(url, { ...common, ca: options.caPem, rejectUnauthorized: verified, minVersion: 'TLSv1.2' }, answered)
        : httpRequest(url, common, answered);
    const timer = setTimeout(() => settle({ error: new Error(`no answer from ${url.origin} within ${options.timeoutMs} ms`) }), options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const refused = CERTIFICATE_ERROR.test(error.code ?? '');
      settle({ error: refused ? new TrustServerIdentityError(`${url.origin} presented a certificate the device does not accept: ${error.message}`, { cause: error }) : new Error(`GET ${url.href}: ${error.message}`, { cause: error }) });
    });
    request.end();

    function answered(response: IncomingMessage) {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // A hostile or broken server cannot make the device buffer without bound.
        if (size > options.maxBodyBytes) settle({ error: new Error(`GET ${url.href} answered with a body over ${options.maxBodyBytes} bytes`) });
        else chunks.push(chunk);
      });
      response.on('error', (error) => settle({ error }));
      response.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        settle({ answer: { status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString('utf8') } });
      });
    }
  });
}

/**
 * `localhost` is loopback (RFC 6761); it is resolved to 127.0.0.1 so a server listening on IPv4 only is
 * reached whatever the resolver prefers. The certificate is still checked against the name `localhost`.
 */
function lookupLocalhostAsIpv4(hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  if (hostname !== 'localhost') {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses = []) => (options.all ? callback(error, addresses) : callback(error, addresses[0]?.address ?? '', addresses[0]?.family)));
    return;
  }
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}
