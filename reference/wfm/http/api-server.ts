import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { authenticateClient } from '../auth/authenticate-client.js';
import { tlsOptions, type TlsMaterial } from '../auth/tls-options.js';
import { apiRoutes } from '../routes/api-routes.js';
import type { ApiContext, ApiResponse, ApiRoute } from './api-types.js';
import { apiError, renderApiError, type ApiError } from './problem.js';
import { createRateLimiter, type RateLimit } from './rate-limiter.js';
import { isApiError, readBody } from './read-body.js';
import { compilePath } from './router.js';

/** Answers one request whose body was already read (bounded); the server writes what it returns. */
export type ApiHandler = (req: IncomingMessage, body: Buffer) => Promise<ApiResponse | ApiError>;

/** An answer as written on the wire; 204 and 304 have an empty body. */
export interface WrittenAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Optional hooks for a WFM built on this engine (the device suite's mock WFM); the reference uses none. */
export interface ApiServerHooks {
  /** Wraps request handling: the wrapper may answer itself, or call the engine and change its answer. */
  wrap?: (handle: ApiHandler) => ApiHandler;
  /** Sees every request with the answer written for it. */
  onAnswer?: (req: IncomingMessage, body: Buffer, answer: WrittenAnswer) => void;
}

/** The management API over HTTPS: routes of the edition, bounded bodies, authentication, rate limit, one error writer. */
export function createApiServer(context: ApiContext, options: { tls: TlsMaterial; rateLimit: RateLimit | false; hooks?: ApiServerHooks }): Server {
  const routes = apiRoutes(context.edition).map((route) => ({ route, path: compilePath(route.path) }));
  const limiter = createRateLimiter(options.rateLimit, context.settings.now);
  const { faults } = context;
  const errorOptions = {
    mediaType: context.edition.api.errorMediaType,
    omitType: faults.has('problem-without-type'),
    omitRetryAfter: faults.has('missing-retry-after'),
  };

  const engine: ApiHandler = async (req, body) => {
    const pathname = new URL(req.url ?? '/', 'https://wfm.invalid').pathname;
    const candidates = routes.map(({ route, path }) => ({ route, params: path.match(pathname) })).filter((c) => c.params !== undefined);
    if (candidates.length === 0) return apiError({ status: 404, title: 'Not Found' }, `No Margo API resource at ${pathname}.`);
    const chosen = candidates.find((c) => c.route.method === req.method);
    if (!chosen) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      const misTyped = faults.has('method-not-allowed-as-invalid-request') ? { type: 'invalid-request' as const } : {};
      return apiError({ status: 405, title: 'Method Not Allowed', ...misTyped }, `${req.method} is not allowed on ${pathname}; use ${allow}.`, { headers: { allow } });
    }
    const { route, params = {} } = chosen as { route: ApiRoute; params?: Record<string, string> };
    let caller = '';
    if (route.auth === 'client') {
      const authenticated = await authenticateClient(req, route, params, body, context);
      if ('problem' in authenticated) return authenticated;
      caller = authenticated.caller;
      const wait = limiter.take(caller);
      if (wait > 0) return apiError({ status: 429, title: 'Too Many Requests' }, `Client sent too many requests; retry after ${wait} s.`, { retryAfterSeconds: wait });
    }
    const result = await route.handle({ req, url: new URL(req.url ?? '/', 'https://wfm.invalid'), params, body, caller }, context);
    // public-json-as-text-plain: the unauthenticated endpoints' JSON goes out as if from a static-file handler (API-008).
    if (faults.has('public-json-as-text-plain') && route.auth === 'public' && !('problem' in result) && result.headers?.['content-type'] === 'application/json') {
      return { ...result, headers: { ...result.headers, 'content-type': 'text/plain; charset=utf-8' } };
    }
    return result;
  };
  const handle = options.hooks?.wrap?.(engine) ?? engine;

  return createServer(tlsOptions(context.edition, options.tls, faults), (req, res) => {
    let body: Buffer = Buffer.alloc(0);
    readBody(req)
      .then((read) => {
        if (isApiError(read)) return read;
        body = read;
        return handle(req, read);
      })
      .catch((cause: unknown) => apiError({ status: 500, title: 'Internal Server Error' }, `The WFM failed: ${(cause as Error).message}`, { retryAfterSeconds: 1 }))
      .then((result) => {
        const answer = 'problem' in result ? renderApiError(result, errorOptions) : writtenAnswer(result);
        res.writeHead(answer.status, answer.headers).end(answer.body);
        options.hooks?.onAnswer?.(req, body, answer);
      })
      .catch(() => res.destroy());
  });
}

function writtenAnswer(response: ApiResponse): WrittenAnswer {
  // 204 and 304 carry no content and no Content-Length (DS-007).
  if (response.status === 204 || response.status === 304) return { status: response.status, headers: { ...response.headers }, body: Buffer.alloc(0) };
  const body = response.body ?? Buffer.alloc(0);
  return { status: response.status, headers: { ...response.headers, 'content-length': String(body.length) }, body };
}
