import { request } from 'node:http';

/** Where the container engine's API answers: a Unix socket, or plain HTTP on host:port. */
export type EngineEndpoint = { socketPath: string; display: string } | { host: string; port: number; display: string };

export const DEFAULT_ENGINE_SOCKET = '/var/run/docker.sock';

/**
 * The engine endpoint from `DOCKER_HOST` (`unix:///path` or `tcp://host:port`), else the default socket.
 * Called from config loading; the core takes the result.
 */
export function resolveEngine(env: Readonly<Record<string, string | undefined>>): EngineEndpoint {
  const value = env.DOCKER_HOST?.trim();
  if (!value) return { socketPath: DEFAULT_ENGINE_SOCKET, display: DEFAULT_ENGINE_SOCKET };
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    return { socketPath, display: socketPath };
  }
  const tcp = /^(?:tcp|http):\/\/\[?([^\]/]+?)\]?:(\d+)\/?$/.exec(value);
  if (tcp?.[1] && tcp[2]) return { host: tcp[1], port: Number(tcp[2]), display: value };
  throw new EngineError(`DOCKER_HOST is "${value}"; expected unix:///path/to/docker.sock or tcp://host:port. Fix or unset DOCKER_HOST.`);
}

/** The engine cannot be used: not reachable, an image is missing, or it answered an error. One line. */
export class EngineError extends Error {
  override name = 'EngineError';
}

export interface EngineResponse {
  status: number;
  body: string;
}

/**
 * One request to the engine API with a hard deadline. Node's own HTTP client over the socket: it is the
 * fastest way to know whether an engine is there, before testcontainers spends seconds finding out.
 */
export function engineRequest(engine: EngineEndpoint, options: { method?: string; path: string; timeoutMs?: number }): Promise<EngineResponse> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const target = 'socketPath' in engine ? { socketPath: engine.socketPath } : { host: engine.host, port: engine.port };
  return new Promise((resolve, reject) => {
    const req = request({ ...target, method: options.method ?? 'GET', path: options.path, agent: false, headers: { host: 'docker' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        if (body.length < 1_000_000) body += chunk;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', fail);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new EngineError(`the engine at ${engine.display} did not answer ${options.path} within ${timeoutMs} ms`));
    }, timeoutMs);
    function fail(cause: Error) {
      clearTimeout(timer);
      reject(cause);
    }
    req.once('error', fail);
    req.end();
  });
}

/**
 * Fails with one line unless an engine answers `/_ping` within `timeoutMs`, then unless every image is
 * present locally (no registry is used, so a missing image would only end in a failed pull). Returns
 * each image's ID (`sha256:...`), the digest of what is tested.
 */
export async function preflightEngine(options: { engine: EngineEndpoint; images: string[]; timeoutMs?: number }): Promise<Record<string, string>> {
  const { engine } = options;
  // 500 ms: a missing socket fails at once and a live engine answers /_ping in milliseconds; only a
  // socket that accepts and then hangs waits this long, and the one-line answer stays well under a second.
  const timeoutMs = options.timeoutMs ?? 500;
  let ping: EngineResponse;
  try {
    ping = await engineRequest(engine, { path: '/_ping', timeoutMs });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new EngineError(`No container engine answered at ${engine.display} (${code}). Start one (sudo .ci/dockerd.sh start, or systemctl start docker), point DOCKER_HOST at it, or run the product without --sut-image.`, { cause });
  }
  if (ping.status !== 200) throw new EngineError(`The container engine at ${engine.display} answered /_ping with ${ping.status}: ${ping.body.trim().slice(0, 200)}. Check that dockerd is healthy.`);
  const ids: Record<string, string> = {};
  for (const image of options.images) {
    const found = await engineRequest(engine, { path: `/images/${encodeURIComponent(image)}/json`, timeoutMs: 5000 });
    if (found.status === 404) {
      throw new EngineError(`Image ${image} is not in the container engine at ${engine.display}, and no registry is used. Build it (npm run images builds the margo-reference-* images) or docker load it first.`);
    }
    if (found.status !== 200) throw new EngineError(`The container engine at ${engine.display} answered ${found.status} when asked for image ${image}: ${found.body.trim().slice(0, 200)}.`);
    ids[image] = String((JSON.parse(found.body) as { Id?: unknown }).Id ?? '');
  }
  return ids;
}
