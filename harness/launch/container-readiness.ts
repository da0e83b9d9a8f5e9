import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * When a container counts as ready.
 * - `log`: a line of its output; by default the launch contract's `{"ready":true,...}` JSON line on stdout,
 *   otherwise a line on either stream matching `pattern`.
 * - `port`: TCP on 127.0.0.1:`port` accepts (host networking: the container's port is the host's).
 * - `https`: a TLS handshake on 127.0.0.1:`port` and any HTTP answer to `GET path`. The certificate is not
 *   checked here: readiness only; the suite judges the product's identity itself.
 */
export type Readiness = { kind: 'log'; pattern?: RegExp } | { kind: 'port'; port: number } | { kind: 'https'; port: number; path?: string };

export const HOST = '127.0.0.1';

export function describeReadiness(readiness: Readiness): string {
  switch (readiness.kind) {
    case 'log':
      return readiness.pattern ? `a log line matching ${String(readiness.pattern)}` : 'a {"ready":true} line on stdout';
    case 'port':
      return `TCP on ${HOST}:${readiness.port}`;
    case 'https':
      return `an HTTPS answer from https://${HOST}:${readiness.port}${readiness.path ?? '/'}`;
  }
}

/** The launch contract's ready line, parsed; undefined for any other line. */
export function parseReadyLine(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    return typeof parsed === 'object' && parsed !== null && (parsed as { ready?: unknown }).ready === true ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves true once one probe of the port (or HTTPS endpoint) succeeds; false on any failure. */
export function probeOnce(readiness: Exclude<Readiness, { kind: 'log' }>, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const socket =
      readiness.kind === 'port'
        ? connect({ host: HOST, port: readiness.port }, () => done(true))
        : connectTls({ host: HOST, port: readiness.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => {
            socket.write(`GET ${readiness.path ?? '/'} HTTP/1.1\r\nHost: ${HOST}:${readiness.port}\r\nConnection: close\r\n\r\n`);
          });
    if (readiness.kind === 'https') socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('HTTP/1.')));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
    const timer = setTimeout(() => done(false), timeoutMs);
  });
}
