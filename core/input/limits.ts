/**
 * Bounds for untrusted input. Real Margo packages are a description, a few resource files and perhaps
 * component archives; these limits are generous for them and small enough that a hostile input cannot
 * exhaust a CI machine.
 */
export interface InputLimits {
  /** Largest single file read into memory. @default 16 MiB */
  maxFileBytes: number;
  /** Largest package in total, after decompression. @default 64 MiB */
  maxTotalBytes: number;
  /** Most entries in a package. @default 10,000 */
  maxEntries: number;
  /** Largest YAML document parsed. @default 1 MiB */
  maxYamlBytes: number;
  /** Most alias dereferences while building a YAML value (alias bombs). @default 100 */
  maxYamlAliases: number;
  /** Deepest nesting of YAML collections. @default 64 */
  maxYamlDepth: number;
}

export const DEFAULT_LIMITS: InputLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 10_000,
  maxYamlBytes: 1024 * 1024,
  maxYamlAliases: 100,
  maxYamlDepth: 64,
};

/** Raised when an input breaks a safety bound or tries to leave its root; the run ends with `error`. */
export class UnsafeInputError extends Error {
  override name = 'UnsafeInputError';
}

/**
 * Largest file a user names on the command line or in a launch setting, by what it is. Each is read through
 * `readFileBounded`, which stops at the limit whatever the file is (a FIFO, `/dev/zero`, a growing file).
 */
export const USER_FILE_LIMITS = {
  /** `compose --env-file`: KEY=VALUE lines. */
  envFile: 1024 * 1024,
  /** `compose --waivers`: a YAML list; parsed with `maxYamlBytes`, so no larger. */
  waivers: DEFAULT_LIMITS.maxYamlBytes,
  /** A PEM file or the CA store of a kept test PKI (`--pki`, `--mock-wfm-pki`, `pki --out`), or one the reference reads. */
  pki: 256 * 1024,
  /** The device capabilities file of the launch contract (`--capabilities`, `MARGO_CAPABILITIES`). */
  capabilities: 1024 * 1024,
  /** The state file a reference WFM or device keeps in its `--state-dir`. */
  referenceState: DEFAULT_LIMITS.maxFileBytes,
} as const;

/** Deepest `${VAR:-${...}}` nesting a Compose value may have; Compose sets none, a hostile file must not overflow the stack. */
export const MAX_INTERPOLATION_DEPTH = 32;
