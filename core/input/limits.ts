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
