import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preflightEngine, resolveEngine } from './container-engine.js';

describe('resolveEngine', () => {
  const rows = [
    { name: 'uses the default socket without DOCKER_HOST', env: {}, expected: { socketPath: '/var/run/docker.sock', display: '/var/run/docker.sock' } },
    { name: 'reads a unix:// DOCKER_HOST', env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, expected: { socketPath: '/run/user/1000/docker.sock', display: '/run/user/1000/docker.sock' } },
    { name: 'reads a tcp:// DOCKER_HOST', env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, expected: { host: '127.0.0.1', port: 2375, display: 'tcp://127.0.0.1:2375' } },
  ];
  it.each(rows)('$name', ({ env, expected }) => {
    expect(resolveEngine(env)).toEqual(expected);
  });

  it('refuses a DOCKER_HOST it cannot use, saying what it expected', () => {
    expect(() => resolveEngine({ DOCKER_HOST: 'ssh://me@host' })).toThrow('DOCKER_HOST is "ssh://me@host"; expected unix:///path/to/docker.sock or tcp://host:port. Fix or unset DOCKER_HOST.');
  });
});

describe('preflightEngine', () => {
  let dir: string;
  let servers: Array<HttpServer | NetServer>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'margo-preflight-'));
    servers = [];
  });
  afterEach(async () => {
    for (const server of servers) server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const listen = async (server: HttpServer | NetServer, name: string) => {
    servers.push(server);
    const socketPath = join(dir, name);
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    return { socketPath, display: socketPath };
  };

  // The test timeouts bound a hang; they are not a benchmark.
  it('says in one line how to start an engine when nothing listens on the socket', { timeout: 1000 }, async () => {
    const socketPath = join(dir, 'missing.sock');
    await expect(preflightEngine({ engine: { socketPath, display: socketPath }, images: ['margo-reference-wfm:local'] })).rejects.toThrow(
      `No container engine answered at ${socketPath} (ENOENT). Start one (sudo .ci/dockerd.sh start, or systemctl start docker), point DOCKER_HOST at it, or run the product without --sut-image.`,
    );
  });

  it('gives up on a socket that accepts and never answers within the preflight timeout', { timeout: 1000 }, async () => {
    const engine = await listen(createNetServer(() => undefined), 'silent.sock');
    await expect(preflightEngine({ engine, images: [], timeoutMs: 200 })).rejects.toThrow(/^No container engine answered at .*silent\.sock \(the engine at .* did not answer \/_ping within 200 ms\)\. Start one/);
  });

  it('names the missing image and how to build it', { timeout: 1000 }, async () => {
    const engine = await listen(createHttpServer((req, res) => {
      res.statusCode = req.url === '/_ping' ? 200 : 404;
      res.end(req.url === '/_ping' ? 'OK' : '{"message":"No such image"}');
    }), 'engine.sock');
    await expect(preflightEngine({ engine, images: ['margo-reference-device:local'] })).rejects.toThrow(
      `Image margo-reference-device:local is not in the container engine at ${engine.display}, and no registry is used. Build it (npm run images builds the margo-reference-* images) or docker load it first.`,
    );
  });

  it('returns the image IDs when the engine answers and the images are there', { timeout: 1000 }, async () => {
    const seen: string[] = [];
    const engine = await listen(createHttpServer((req, res) => {
      seen.push(req.url ?? '');
      res.end(req.url === '/_ping' ? 'OK' : '{"Id":"sha256:0123"}');
    }), 'engine.sock');
    const ids = await preflightEngine({ engine, images: ['acme/wfm:1.2'] });
    expect({ seen, ids }).toEqual({ seen: ['/_ping', '/images/acme%2Fwfm%3A1.2/json'], ids: { 'acme/wfm:1.2': 'sha256:0123' } });
  });
});
