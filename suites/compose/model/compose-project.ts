import type { ParsedYaml } from '../../../core/input/parse-yaml.js';

/** Reads a file of the project by POSIX path relative to the project root; undefined when it is not there. */
export type ProjectReader = (path: string) => string | undefined;

/** One file a service's settings come from: the service itself, then each service it extends. */
export interface ServiceOrigin {
  file: string;
  service: string;
  /** The service as written (merge keys resolved, not interpolated), to tell which file a key came from. */
  raw: Record<string, unknown>;
  locate: ParsedYaml['locate'];
}

export interface ComposeService {
  name: string;
  /** Merge keys, interpolation and `extends` resolved; `environment` and `sysctls` as mappings. */
  config: Record<string, unknown>;
  origins: ServiceOrigin[];
  /** Pointer relative to the service (`/privileged`) -> variables that were unset there. */
  unresolved: Map<string, string[]>;
  /** Pointers relative to the service whose value came (partly) from a variable. */
  substituted: Set<string>;
}

export interface ComposeProblem {
  file: string;
  message: string;
  line?: number;
  pointer?: string;
}

export interface ComposeProject {
  /** Path of the main Compose file, relative to the project root (or as given). */
  file: string;
  parsed: ParsedYaml;
  /** The main document with merge keys resolved and variables interpolated; what the schema sees. */
  document: unknown;
  services: ComposeService[];
  /** Top-level `volumes`, for named volumes that are bind mounts in disguise. */
  volumes: Record<string, unknown>;
  /** The file could not be read as a Compose document, or `extends` could not be followed. */
  problems: ComposeProblem[];
  /** Pointer (document-wide) -> unset variables, for the schema check. */
  unresolved: Map<string, string[]>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
