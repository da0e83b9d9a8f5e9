import type { Dispatcher } from 'undici';

/** An answer read in full: status, lower-case headers, body bytes. */
export interface BoundedAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface BoundedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** For the whole exchange, connection included. */
  timeoutMs: number;
  maxBodyBytes: number;
  /** Aborts the exchange early (the device stopping). */
  signal?: AbortSignal;
}

/**
 * One request through `dispatcher`, answered within `timeoutMs` and with a body of at most `maxBodyBytes`:
 * a hostile or broken server can neither hang the device nor make it buffer without bound. Redirects are
 * answers, never followed.
 */
export async function boundedRequest(dispatcher: Dispatcher, request: BoundedRequest): Promise<BoundedAnswer> {
  const { url, method } = request;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer from ${url.origin} within ${request.timeoutMs} ms`)), request.timeoutMs);
  const stop = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', stop, { once: true });
  try {
    const response = await dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method as Dispatcher.HttpMethod,
      headers: request.headers,
      ...(request.body ? { body: request.body } : {}),
      signal: controller.signal,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > request.maxBodyBytes) {
        response.body.destroy();
        throw new Error(`${method} ${url.pathname} answered with a body over ${request.maxBodyBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.statusCode, headers: flat, body: Buffer.concat(chunks) };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', stop);
  }
}
