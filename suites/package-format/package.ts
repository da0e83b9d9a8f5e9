import type { Edition } from '../../core/catalog/editions.js';
import type { ParsedYaml } from '../../core/input/parse-yaml.js';

export type PackageFormat = 'directory' | 'tarball' | 'description' | 'oci-layout';

/** An OCI content descriptor, as read from untrusted JSON (fields may be missing or of the wrong type). */
export interface OciDescriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
  artifactType?: unknown;
  annotations?: unknown;
  data?: unknown;
}

/** A Margo package read from an OCI image layout directory: the one manifest it names, and its blobs. */
export interface OciPackage {
  /** Parsed `index.json`. */
  index: unknown;
  /** The manifest chosen from the index (by `--tag`, or the only one), parsed. */
  manifest: unknown;
  manifestDigest: string;
  /** The tag the index gives the manifest (`org.opencontainers.image.ref.name`), if any. */
  tag?: string;
  /** Blob bytes by digest, for every blob present in the layout. */
  blobs: ReadonlyMap<string, Uint8Array>;
}

/**
 * A package as the checks see it, whatever form it arrived in. Everything is in memory and bounded:
 * nothing from the package is written to disk or executed.
 */
export interface LoadedPackage {
  format: PackageFormat;
  /** The path as given on the command line. */
  location: string;
  /** `sha256:` digest of the input file (tarball, description) or of the OCI manifest. */
  digest?: string;
  /**
   * Every file of the package by POSIX path relative to its root (for an OCI layout: by layer title).
   * Undefined when only a description was given, so checks that need the rest of the package skip.
   */
  files?: ReadonlyMap<string, Uint8Array>;
  /** Path of the application description, relative to the package root (usually `margo.yaml`). */
  descriptionFile: string;
  /** Every root-level file that is an application description (PKG-039 wants exactly one). */
  descriptionCandidates: string[];
  description: ParsedYaml;
  oci?: OciPackage;
}

export interface PackageContext {
  edition: Edition;
  pkg: LoadedPackage;
}
