import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent } from 'undici';
import { boundedRequest } from '../transport/bounded-request.js';
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
 * the RFC 6125 name check against the URL's host; never trust on first use. A connection of its own
 * (no session resumption), no redirects followed (a 3xx is just an answer), bounded in time and size.
 */
export async function fetchTrustDocument(url: URL, options: TrustFetchOptions): Promise<TrustAnswer> {
  // ID-019 forbids this; only the fault connects without verifying the server.
  const verified = !options.faults.has('trusts-discovery-on-first-use');
  // Only http: reaches here when the follows-http-bundle-uri fault let it through (TB-005); TLS options then go unused.
  const agent = new Agent({ connect: { ca: options.caPem, rejectUnauthorized: verified, minVersion: 'TLSv1.2', maxCachedSessions: 0, lookup: lookupLocalhostAsIpv4 } });
  const headers = { accept: 'application/json', ...(options.ifNoneMatch ? { 'if-none-match': options.ifNoneMatch } : {}) };
  try {
    const answer = await boundedRequest(agent, { url, method: 'GET', headers, timeoutMs: options.timeoutMs, maxBodyBytes: options.maxBodyBytes, signal: options.signal });
    return { ...answer, body: answer.body.toString('utf8') };
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code ?? ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? '');
    if (CERTIFICATE_ERROR.test(code)) throw new TrustServerIdentityError(`${url.origin} presented a certificate the device does not accept: ${(error as Error).message}`, { cause: error });
    throw new Error(`GET ${url.href}: ${(error as Error).message}`, { cause: error });
  } finally {
    await agent.destroy();
  }
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
