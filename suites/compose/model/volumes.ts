import { isRecord } from './compose-project.js';

export interface Mount {
  type: string;
  /** Host path of a bind mount (also of a named volume whose driver options bind a host path), or the volume name. */
  source?: string;
  target?: string;
  /** Pointer relative to the service: `/volumes/0`. */
  pointer: string;
}

/**
 * A service's volumes in either syntax. Short syntax follows Compose: a source starting with `.`, `/` or
 * `~` is a bind mount, any other source a named volume. A named volume of the local driver with
 * `o: bind` and a `device` is a bind mount of that device path, and is reported as one.
 */
export function serviceMounts(config: Record<string, unknown>, topVolumes: Record<string, unknown>): Mount[] {
  const volumes = Array.isArray(config.volumes) ? config.volumes : [];
  return volumes.flatMap((entry, index): Mount[] => {
    const pointer = `/volumes/${index}`;
    let mount: Mount | undefined;
    if (typeof entry === 'string') mount = parseShortVolume(entry, pointer);
    else if (isRecord(entry)) {
      mount = { type: typeof entry.type === 'string' ? entry.type : 'volume', pointer };
      if (typeof entry.source === 'string') mount.source = entry.source;
      if (typeof entry.target === 'string') mount.target = entry.target;
    }
    if (!mount) return [];
    return [mount.type === 'volume' && mount.source ? bindInDisguise(mount, topVolumes) : mount];
  });
}

function parseShortVolume(entry: string, pointer: string): Mount {
  const parts = entry.split(':');
  if (parts.length === 1) return { type: 'volume', target: entry, pointer };
  const [source = '', target = ''] = parts;
  return { type: /^[./~]/.test(source) ? 'bind' : 'volume', source, target, pointer };
}

function bindInDisguise(mount: Mount, topVolumes: Record<string, unknown>): Mount {
  const definition = topVolumes[mount.source ?? ''];
  const options = isRecord(definition) && isRecord(definition.driver_opts) ? definition.driver_opts : undefined;
  const o = typeof options?.o === 'string' ? options.o : '';
  if (typeof options?.device === 'string' && o.split(',').includes('bind')) return { ...mount, type: 'bind', source: options.device };
  return mount;
}

/** Where a bind source points on the host: `~` and relative paths are resolved against nothing, only tidied. */
export function hostPath(source: string): string {
  const tidy = source.replace(/\/+/g, '/').replace(/\/$/, '');
  return tidy === '' ? '/' : tidy;
}
