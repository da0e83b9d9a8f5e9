import { DEFAULT_EDITION, resolveEdition, type Edition } from '../../core/catalog/editions.js';
import type { Catalog } from '../../core/catalog/types.js';
import type { InputLimits } from '../../core/input/limits.js';
import type { CheckResult, RunError, RunResults, Subject } from '../../core/results/model.js';
import { loadPackage, type LoadedPackage, type PackageContext } from '../../suites/package-format/index.js';
import { checksOf } from '../check-sets.js';
import { reproduceCommand } from './reproduce-command.js';
import { closeRun, openRun, runErrorOf, runInLanes } from './run-skeleton.js';
import { withRuleFacts } from './with-rule-facts.js';

export interface PackageRunOptions {
  /** A package directory, a `.tar.gz` of one, a lone `margo.yaml`, or an OCI image layout directory. */
  path: string;
  /** The spec edition: an edition object, or its id or alias (`latest`). @default DEFAULT_EDITION */
  edition?: Edition | string;
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
  const edition = editionOf(options.edition);
  const frame = openRun({ profile: PROFILE_ID, edition, ...(options.only ? { only: options.only } : {}), ...(options.catalog ? { catalog: options.catalog } : {}), ...(options.now ? { now: options.now } : {}) });
  const errors: RunError[] = [];
  let results: CheckResult[] = [];
  let subject: Subject = { kind: 'package', location: options.path };
  let pkg: LoadedPackage | undefined;
  try {
    pkg = await loadPackage(options.path, { ...(options.tag ? { tag: options.tag } : {}), ...(options.limits ? { limits: options.limits } : {}) });
  } catch (cause) {
    errors.push(runErrorOf(cause));
  }
  if (pkg) {
    subject = describeSubject(pkg);
    // A static check observes the package itself: a pass that cites nothing more stands on the description file.
    results = await runInLanes(frame, { checks: await checksOf<PackageContext>(frame.profile), context: { edition, pkg }, lanes: 1, subjectEvidence: [{ kind: 'file', file: pkg.descriptionFile }] });
  }
  const assembled = closeRun(frame, {
    subject,
    results,
    errors,
    command: options.command ?? commandOf(options, edition),
    config: {
      specVersion: edition.id,
      ...(options.only ? { only: options.only } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    },
  });
  return { ...assembled, requirements: withRuleFacts(assembled.requirements) };
}

/** The edition the options name; an unknown name is the caller's mistake and throws. */
function editionOf(given: Edition | string | undefined): Edition {
  if (given !== undefined && typeof given !== 'string') return given;
  const edition = resolveEdition(given ?? DEFAULT_EDITION);
  if (!edition) throw new TypeError(`runPackage: unknown edition "${given}"; give an edition id or latest.`);
  return edition;
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

function commandOf(options: PackageRunOptions, edition: Edition): string {
  return reproduceCommand('package', [options.path], [['--spec-version', edition.id], ['--only', options.only], ['--tag', options.tag]]);
}
