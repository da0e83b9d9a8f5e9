import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** One registry answer, read whole within its limit. */
export interface RegistryResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The registry could not be asked or did not answer usably: the pull fails (control answer 502). */
export class RegistryUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryUnreachableError';
  }
}

/**
 * One bounded request to a registry: the whole exchange within `timeoutMs`, the body cut off (and the pull
 * failed) past `limitBytes`. Redirects are not followed: the suite's registry sends none, and following
 * one to another origin would leave the registry the operator named.
 */
export function fetchFromRegistry(url: URL, options: { method: 'GET' | 'HEAD'; headers: Record<string, string>; limitBytes: number; timeoutMs: number }): Promise<RegistryResponse> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const what = `${options.method} ${url.pathname}${url.search}`;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      request.destroy();
      reject(new RegistryUnreachableError(`${what} ${message}`));
    };
    const request = send(url, { method: options.method, headers: options.headers }, (response) => {
      if (Number(response.headers['content-length'] ?? 0) > options.limitBytes) return fail(`announced ${response.headers['content-length']} bytes, over the limit of ${options.limitBytes}`);
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.limitBytes) return fail(`sent more than ${options.limitBytes} bytes`);
        chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
      response.on('error', (cause) => fail(`failed while reading: ${cause.message}`));
    });
    const timer = setTimeout(() => fail(`got no complete answer within ${options.timeoutMs} ms`), options.timeoutMs);
    request.on('error', (cause) => fail(`failed: ${cause.message}`));
    request.end();
  });
}
