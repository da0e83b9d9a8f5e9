import { isRecord } from './compose-project.js';

export interface PublishedPort {
  /** Host interface; undefined means all interfaces. */
  hostIp?: string;
  /** Host port or range as written; undefined means an ephemeral host port. */
  published?: string;
  target: string;
  /** Pointer relative to the service: `/ports/0`. */
  pointer: string;
}

/**
 * A service's published ports in either syntax: `"8080"`, `"8080:80"`, `"127.0.0.1:8080:80/udp"`,
 * `"[::1]:8080:80"`, or `{ target, published, host_ip, protocol }`. A bare container port is published on an
 * ephemeral host port of every interface, as Compose does.
 */
export function publishedPorts(config: Record<string, unknown>): PublishedPort[] {
  const ports = Array.isArray(config.ports) ? config.ports : [];
  return ports.flatMap((entry, index): PublishedPort[] => {
    const pointer = `/ports/${index}`;
    if (typeof entry === 'number') return [{ target: String(entry), pointer }];
    if (typeof entry === 'string') return [parseShortPort(entry, pointer)];
    if (!isRecord(entry)) return [];
    const port: PublishedPort = { target: String(entry.target ?? ''), pointer };
    if (typeof entry.host_ip === 'string' && entry.host_ip !== '') port.hostIp = entry.host_ip;
    if (entry.published !== undefined && entry.published !== null && entry.published !== '') port.published = String(entry.published);
    return [port];
  });
}

function parseShortPort(entry: string, pointer: string): PublishedPort {
  const spec = entry.replace(/\/[a-z]+$/i, '');
  let hostIp: string | undefined;
  let rest = spec;
  const bracket = /^\[([^\]]*)\]:(.*)$/.exec(spec);
  if (bracket) {
    hostIp = bracket[1];
    rest = bracket[2] ?? '';
  }
  const parts = rest.split(':');
  if (!bracket && parts.length >= 3) hostIp = parts.shift();
  const target = parts.pop() ?? '';
  const published = parts.pop();
  return { target, pointer, ...(hostIp ? { hostIp } : {}), ...(published ? { published } : {}) };
}

/** Lowest host port of a published value (`"8000-8010"` -> 8000); undefined when not numeric. */
export function lowestHostPort(published: string): number | undefined {
  const first = Number(published.split('-')[0]);
  return Number.isInteger(first) ? first : undefined;
}
