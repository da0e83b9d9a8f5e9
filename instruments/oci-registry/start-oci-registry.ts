import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { currentObservationScope, type RunTraffic } from '../../core/evidence/run-traffic.js';
import { recordExchange } from '../../core/http/record-exchange.js';
import { addArtifact, createRepositories, type RegistryArtifact } from './registry-content.js';
import { answerRegistryRequest } from './registry-routes.js';

export interface StartOciRegistryOptions {
  artifacts: readonly RegistryArtifact[];
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Serve HTTPS with this certificate and key (PEM); plain HTTP without. */
  tls?: { certPem: string; keyPem: string };
  /** Most requests kept in `requests`; older ones are dropped. @default 1000 */
  maxLoggedRequests?: number;
  /** Tags per page of a tags list asked with `n` (see `RegistryRouteOptions`). @default unlimited */
  maxTagsPerPage?: number;
  /**
   * The run-wide traffic log: each answered request is also added there as an exchange, attributed to the
   * observation scope (check) that pushed its repository, so findings can cite the registry's access log.
   */
  traffic?: RunTraffic;
  /** `performance.now()` at the run start; recorded exchanges are stamped relative to it. @default start time */
  startedAt?: number;
}

export interface RegistryRequest {
  method: string;
  path: string;
  status: number;
  /** The digest a blob or manifest answer carried. */
  digest?: string;
  /** The request's `Accept` header, when it sent one. */
  accept?: string;
  /** The answer's `Link` header (a tags-list page with more to come). */
  link?: string;
  /** The id of this exchange in the run-wide traffic log, when one was given. */
  exchange?: string;
}

export interface OciRegistry {
  /** `http://127.0.0.1:<port>` (or https). */
  url: string;
  /** `127.0.0.1:<port>`: the registry part of an OCI reference. */
  authority: string;
  /** `oci://127.0.0.1:<port>/<name>`: a Margo component `repository` for an artifact served here. */
  repository(name: string): string;
  /** Requests answered so far, oldest first (bounded by `maxLoggedRequests`). */
  readonly requests: readonly RegistryRequest[];
  /**
   * Adds an artifact while the registry runs, as a completed push would (the kit's own content, written in
   * process; the registry still accepts no push over HTTP). Requests for its repository are attributed in
   * the traffic log to the observation scope that pushed it.
   */
  push(artifact: RegistryArtifact): void;
  /**
   * Serves `bytes` (by default the stored blob with its last byte flipped) for `digest` from now on, still
   * under that digest, as a tampering registry or mirror would. For the "tampered blob is refused" scenario (WASM-014).
   */
  tamperBlob(digest: string, bytes?: Uint8Array): void;
  /** Serves the stored blob for `digest` again. */
  restoreBlob(digest: string): void;
  close(): Promise<void>;
}

/** Requests carry no body worth reading and a handful of headers; anything slower is not a pulling device. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * A minimal, read-only OCI distribution endpoint in memory: enough for a device or a WFM to pull an
 * artifact by tag or digest (`GET /v2/`, the tags list, manifests and blobs, with HEAD). It never accepts
 * content over HTTP, never reads a request body and keeps a bounded request log (also written to the run's
 * traffic log when given), so the scenarios can see what was pulled.
 */
export async function startOciRegistry(options: StartOciRegistryOptions): Promise<OciRegistry> {
  const repositories = createRepositories(options.artifacts);
  const tampered = new Map<string, Uint8Array>();
  const requests: RegistryRequest[] = [];
  const maxLogged = options.maxLoggedRequests ?? 1000;

  const owners = new Map<string, string | undefined>();
  const startedAt = options.startedAt ?? performance.now();
  let url = '';

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const answer = answerRegistryRequest({ method, path }, repositories, (digest, stored) => tampered.get(digest) ?? stored, options.maxTagsPerPage === undefined ? {} : { maxTagsPerPage: options.maxTagsPerPage });
    const digest = answer.headers['docker-content-digest'];
    const accept = request.headers.accept;
    const link = answer.headers['link'];
    const exchange = options.traffic?.add(
      recordExchange({
        method,
        url: `${url}${path}`,
        requestHeaders: flatHeaders(request),
        response: { status: answer.status, headers: answer.headers, ...(method === 'HEAD' ? {} : { body: answer.body }) },
        at: Math.round(performance.now() - startedAt),
      }),
      ownerOf(path, owners),
    );
    requests.push({ method, path, status: answer.status, ...(digest ? { digest } : {}), ...(accept !== undefined ? { accept } : {}), ...(link ? { link } : {}), ...(exchange ? { exchange } : {}) });
    if (requests.length > maxLogged) requests.splice(0, requests.length - maxLogged);
    response.writeHead(answer.status, {
      ...answer.headers,
      'content-length': String(answer.body.length),
      'docker-distribution-api-version': 'registry/2.0',
      ...(method === 'GET' || method === 'HEAD' ? {} : { connection: 'close' }),
    });
    response.end(method === 'HEAD' ? undefined : answer.body);
  };

  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, handle) : createHttpServer(handle);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) => reject(new Error(`OCI registry could not listen on ${host}:${options.port ?? 0}: ${cause.message}`, { cause })));
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  url = `${options.tls ? 'https' : 'http'}://${authority}`;
  return {
    url,
    authority,
    repository: (name) => `oci://${authority}/${name}`,
    requests,
    push(artifact) {
      addArtifact(repositories, artifact);
      owners.set(artifact.name, currentObservationScope());
    },
    tamperBlob(digest, bytes) {
      const stored = [...repositories.values()].map((r) => r.blobs.get(digest)).find((b) => b !== undefined);
      if (!stored && !bytes) throw new Error(`OCI registry: no blob ${digest} to tamper with; give the bytes to serve.`);
      tampered.set(digest, bytes ?? flipLastByte(stored as Uint8Array));
    },
    restoreBlob: (digest) => void tampered.delete(digest),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The scope that pushed the repository a `/v2/<name>/...` path names; none for other paths. */
function ownerOf(path: string, owners: ReadonlyMap<string, string | undefined>): string | undefined {
  const name = /^\/v2\/(.+)\/(?:manifests|blobs|tags)\//.exec(path.split('?')[0] ?? '')?.[1];
  return name === undefined ? undefined : owners.get(name);
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function flipLastByte(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  if (copy.length > 0) copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 0x01;
  return copy;
}
