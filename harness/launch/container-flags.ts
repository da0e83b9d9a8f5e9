import type { ReadinessKind } from './container-launcher.js';

/** A `--sut-*` flag with a bad value; the CLI turns it into a one-line usage error. */
export class ContainerFlagError extends Error {
  override name = 'ContainerFlagError';
}

export interface ContainerFlags {
  /** `--sut-image IMAGE` */
  image: string;
  /** `--sut-env K=V`, repeatable */
  env?: string[];
  /** `--sut-port PORT` */
  port?: string;
  /** `--sut-ready log|log:REGEX|port|https|https:/PATH` */
  ready?: string;
  /** `--sut-ready-timeout MS` */
  readyTimeout?: string;
}

export interface ContainerSettings {
  image: string;
  env: Record<string, string>;
  port?: number;
  readiness: ReadinessKind;
  readyTimeoutMs?: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// An image reference as the engine accepts it: [registry/]path[:tag][@digest], lowercase path.
const IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

/**
 * Maps the `--sut-*` flags to launcher settings; throws ContainerFlagError with the fix. A device listens
 * on no port, so `--sut-port` and port or HTTPS readiness are WFM-only.
 */
export function parseContainerFlags(flags: ContainerFlags, subject: 'wfm' | 'device'): ContainerSettings {
  if (!IMAGE.test(flags.image)) throw new ContainerFlagError(`--sut-image "${flags.image}" is not an image reference; expected e.g. acme/wfm:1.2 or margo-reference-wfm:local.`);
  const env: Record<string, string> = {};
  for (const pair of flags.env ?? []) {
    const cut = pair.indexOf('=');
    const name = cut < 0 ? pair : pair.slice(0, cut);
    if (cut < 0 || !ENV_NAME.test(name)) throw new ContainerFlagError(`--sut-env "${pair}" is not NAME=VALUE with NAME made of letters, digits and _; e.g. --sut-env LOG_LEVEL=debug.`);
    env[name] = pair.slice(cut + 1);
  }
  const settings: ContainerSettings = { image: flags.image, env, readiness: parseReadiness(flags.ready ?? 'log') };
  if (subject === 'device' && (flags.port !== undefined || settings.readiness.kind !== 'log')) {
    throw new ContainerFlagError(`${flags.port !== undefined ? '--sut-port' : `--sut-ready ${flags.ready}`} applies to a WFM only; a device listens on no port. Use --sut-ready log or log:REGEX.`);
  }
  if (flags.port !== undefined) {
    const port = Number(flags.port);
    if (!/^\d+$/.test(flags.port) || port < 1 || port > 65535) throw new ContainerFlagError(`--sut-port "${flags.port}" is not a port number (1-65535).`);
    settings.port = port;
  }
  if (flags.readyTimeout !== undefined) {
    const ms = Number(flags.readyTimeout);
    if (!/^\d+$/.test(flags.readyTimeout) || ms < 1) throw new ContainerFlagError(`--sut-ready-timeout "${flags.readyTimeout}" is not a positive number of milliseconds; e.g. --sut-ready-timeout 60000.`);
    settings.readyTimeoutMs = ms;
  }
  return settings;
}

function parseReadiness(value: string): ReadinessKind {
  if (value === 'log') return { kind: 'log' };
  if (value === 'port') return { kind: 'port' };
  if (value === 'https') return { kind: 'https' };
  if (value.startsWith('https:/')) return { kind: 'https', path: value.slice('https:'.length) };
  if (value.startsWith('log:') && value.length > 4) {
    try {
      return { kind: 'log', pattern: new RegExp(value.slice(4)) };
    } catch (cause) {
      throw new ContainerFlagError(`--sut-ready "${value}": ${(cause as Error).message}. Give log:REGEX with a valid regular expression.`, { cause });
    }
  }
  throw new ContainerFlagError(`--sut-ready "${value}" is not one of log, log:REGEX, port, https, https:/PATH.`);
}
