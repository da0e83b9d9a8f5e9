import type { TarEntry } from '../../core/input/read-tarball.js';
import type { ComposeProject } from './model/compose-project.js';
import type { Waiver } from './waivers.js';

/** A Compose Archive as listed from its tarball: nothing is extracted. */
export interface ComposeArchive {
  /** The archive path as given. */
  location: string;
  entries: TarEntry[];
  /** The single top-level directory, when there is exactly one. */
  top?: string;
  /** Regular files that stay inside the archive, by path relative to the project root. */
  files: ReadonlyMap<string, Uint8Array>;
}

/** A Compose component read from an OCI image layout: its manifest and the tag the index gives it. */
export interface ComposeOci {
  location: string;
  manifest: unknown;
  tag?: string;
}

export interface ComposeContext {
  /** The Compose files to check: none when the input holds no readable Compose file. */
  projects: ComposeProject[];
  archive?: ComposeArchive;
  oci?: ComposeOci;
  waivers: readonly Waiver[];
  /** `YYYY-MM-DD`, to tell expired waivers. */
  today: string;
}

/** A skip finding for each requirement, when the input has no part the check needs. */
export function notApplicable(requirement: string, reason: string) {
  return [{ requirement, outcome: 'skip' as const, message: reason }];
}
