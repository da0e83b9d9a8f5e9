import { posix } from 'node:path';
import { componentsOf, profilesOf } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';

export interface LocalComponent {
  name: string;
  /** Where the description points: `repository` or (preview-1) `packageLocation`. */
  reference: string;
  /** The package files under that reference, relative to it (a file itself is keyed by ''). */
  files: Map<string, Uint8Array>;
}

/**
 * Components of a profile type whose reference is a relative path into the package itself; anything with
 * a scheme (`oci://`, `https://`) is out of reach, since the run is offline.
 */
export function localComponents(context: PackageContext, profileType: string, description: Record<string, unknown>): { local: LocalComponent[]; remote: string[] } {
  const local: LocalComponent[] = [];
  const remote: string[] = [];
  for (const profile of profilesOf(description).filter((p) => p.value.type === profileType)) {
    for (const component of componentsOf(profile)) {
      const properties = (component.value.properties ?? {}) as Record<string, unknown>;
      const reference = [properties.packageLocation, properties.repository].find((v): v is string => typeof v === 'string');
      const name = String(component.value.name ?? '');
      if (!reference) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('/') || !context.pkg.files) {
        remote.push(`${name} (${reference})`);
        continue;
      }
      const path = posix.normalize(reference).replace(/\/$/, '');
      const files = new Map<string, Uint8Array>();
      for (const [file, bytes] of context.pkg.files) {
        if (file === path) files.set('', bytes);
        else if (file.startsWith(`${path}/`)) files.set(file.slice(path.length + 1), bytes);
      }
      if (files.size > 0) local.push({ name, reference, files });
      else remote.push(`${name} (${reference})`);
    }
  }
  return { local, remote };
}
