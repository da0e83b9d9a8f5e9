import type { Edition } from '../../core/catalog/editions.js';
import type { Catalog } from '../../core/catalog/types.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { UnsafeInputError, type InputLimits } from '../../core/input/limits.js';
import { assembleResults } from '../../core/results/assemble-results.js';
import { internalError } from '../../core/results/internal-error.js';
import type { CheckResult, RunError, RunResults, Subject } from '../../core/results/model.js';
import { runChecks } from '../../core/runner/run-checks.js';
import { loadProfile, reportedScope, requirementsInScope } from '../../core/profiles/profile.js';
import { PACKAGE_CHECKS, loadPackage, type LoadedPackage } from '../../suites/package-format/index.js';

export interface PackageRunOptions {
  /** A package directory, a `.tar.gz` of one, a lone `margo.yaml`, or an OCI image layout directory. */
  path: string;
  edition: Edition;
  /** Decide only these requirement IDs. */
  only?: string[];
  /** Manifest tag to pick from an OCI image layout with several. */
  tag?: string;
  limits?: InputLimits;
  /** The command line that reproduces this run, recorded in the results. @default a command built from the options */
  command?: string;
  catalog?: Catalog;
  now?: () => Date;
}

const PROFILE_ID = 'application-package';

/** Checks one application package and returns the results model. Never throws for a bad package. */
export async function runPackage(options: PackageRunOptions): Promise<RunResults> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const catalog = options.catalog ?? loadCatalog();
  const profile = loadProfile(PROFILE_ID);
  const scope = requirementsInScope(catalog, profile, options.edition.id);

  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  let subject: Subject = { kind: 'package', location: options.path };
  let pkg: LoadedPackage | undefined;
  try {
    pkg = await loadPackage(options.path, { ...(options.tag ? { tag: options.tag } : {}), ...(options.limits ? { limits: options.limits } : {}) });
  } catch (cause) {
    errors.push(toRunError(cause));
  }
  if (pkg) {
    subject = describeSubject(pkg);
    results = await runChecks({
      checks: PACKAGE_CHECKS,
      context: { edition: options.edition, pkg },
      inScope: new Set(scope.map((r) => r.id)),
      ...(options.only ? { only: new Set(options.only) } : {}),
    });
  }
  return assembleResults({
    edition: options.edition,
    profile,
    scope: reportedScope(scope, options.only),
    areas: catalog.areas,
    subject,
    results,
    errors,
    startedAt,
    finishedAt: now(),
    command: options.command ?? reproduceCommand(options),
    config: {
      specVersion: options.edition.id,
      ...(options.only ? { only: options.only } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    },
  });
}

function describeSubject(pkg: LoadedPackage): Subject {
  const description = pkg.description.value as { id?: unknown; metadata?: { id?: unknown; name?: unknown; version?: unknown } } | undefined;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
  const name = text(description?.metadata?.name) ?? text(description?.id) ?? text(description?.metadata?.id);
  const version = text(description?.metadata?.version);
  return {
    kind: 'package',
    location: pkg.location,
    format: pkg.format,
    ...(name ? { name } : {}),
    ...(version ? { version } : {}),
    ...(pkg.digest ? { digest: pkg.digest } : {}),
  };
}

function toRunError(cause: unknown): RunError {
  if (cause instanceof UnsafeInputError) return { message: `Input refused: ${cause.message}` };
  if (cause instanceof Error && !(cause instanceof TypeError || cause instanceof RangeError || cause instanceof ReferenceError)) {
    return { message: cause.message };
  }
  return internalError(cause);
}

function reproduceCommand(options: PackageRunOptions): string {
  const args = ['margo-conformance', 'package', options.path, '--spec-version', options.edition.id];
  if (options.only) args.push('--only', options.only.join(','));
  if (options.tag) args.push('--tag', options.tag);
  return args.map(shellQuote).join(' ');
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
