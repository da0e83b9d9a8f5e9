import { request, type ClientRequest } from 'node:http';
import type { EngineEndpoint } from './container-engine.js';

export type LogStream = 'stdout' | 'stderr';

/**
 * Splits Docker's multiplexed log stream (containers without a TTY): frames of an 8-byte header (stream
 * type 1 stdout / 2 stderr, three zero bytes, big-endian payload length) and the payload. Frames may
 * arrive cut anywhere, so the parser keeps the unfinished rest between chunks.
 */
export function createLogDemuxer(onFrame: (stream: LogStream, text: string) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const type = pending[0];
      if (type === 1 || type === 2) onFrame(type === 1 ? 'stdout' : 'stderr', pending.subarray(8, 8 + size).toString('utf8'));
      pending = pending.subarray(8 + size);
    }
  };
}

/** Calls `onLine` for each complete line of one stream; `flush` hands over a last line without newline. */
export function createLineSplitter(onLine: (line: string) => void): { push(text: string): void; flush(): void } {
  let rest = '';
  return {
    push(text) {
      rest += text;
      for (let cut = rest.indexOf('\n'); cut >= 0; cut = rest.indexOf('\n')) {
        onLine(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
    },
    flush() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

export interface LogFollower {
  /** Resolves when the stream ends: the container stopped, or `close()` was called. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Follows a container's stdout and stderr from `since` (Unix time, `seconds[.nanoseconds]`) until it stops. Used instead of
 * testcontainers' merged log stream so that the ready line is looked for on stdout only, and the report
 * shows which stream a line came from.
 */
export function followContainerLogs(options: { engine: EngineEndpoint; id: string; since?: string; onOutput: (stream: LogStream, text: string) => void }): LogFollower {
  const { engine } = options;
  const target = 'socketPath' in engine ? { socketPath: engine.socketPath } : { host: engine.host, port: engine.port };
  const since = options.since ?? '0';
  let req: ClientRequest | undefined;
  const ended = new Promise<void>((resolve) => {
    req = request({ ...target, path: `/containers/${options.id}/logs?follow=1&stdout=1&stderr=1&since=${since}`, agent: false, headers: { host: 'docker' } }, (res) => {
      const demux = createLogDemuxer(options.onOutput);
      res.on('data', (chunk: Buffer) => demux(chunk));
      res.on('end', resolve);
      res.on('error', () => resolve());
      res.on('close', resolve);
    });
    req.on('error', () => resolve());
    req.end();
  });
  return { ended, close: () => req?.destroy() };
}

/** `StartedAt` (RFC 3339 with nanoseconds) as the engine's `since` form, seconds.nanoseconds. */
export function toSince(startedAt: string): string | undefined {
  const match = /^(.+?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(startedAt);
  if (!match?.[1] || !match[3]) return undefined;
  const seconds = Math.floor(Date.parse(`${match[1]}${match[3]}`) / 1000);
  if (!Number.isFinite(seconds)) return undefined;
  return `${seconds}.${(match[2] ?? '').padEnd(9, '0').slice(0, 9)}`;
}
