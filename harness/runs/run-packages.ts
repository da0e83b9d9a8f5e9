import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_EDITION, resolveEdition, type Edition } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { exitCodeFor } from '../../core/results/verdict.js';
import type { RunResults, Verdict } from '../../core/results/model.js';
import { runPackage, type PackageRunOptions } from './run-package.js';

export interface PackagesRunOptions extends Omit<PackageRunOptions, 'path' | 'command'> {
  /** Package paths, checked in this order, each as `runPackage` would. */
  paths: string[];
  command?: string;
}

/**
 * Checks several packages in one process and returns one results model: each package's own model in
 * `packages`, and at the top the worst verdict (by exit code: error is worse than non-conformant), the
 * summed counts, and no results of its own.
 */
export async function runPackages(options: PackagesRunOptions): Promise<RunResults> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const catalog = options.catalog ?? loadCatalog();
  const edition = typeof options.edition === 'object' ? options.edition : resolveEdition(options.edition ?? DEFAULT_EDITION);
  if (!edition) throw new TypeError(`runPackages: unknown edition "${String(options.edition)}"; give an edition id or latest.`);
  const packages: RunResults[] = [];
  for (const path of options.paths) {
    const { paths: _paths, command: _command, ...rest } = options;
    packages.push(await runPackage({ ...rest, path, edition, catalog }));
  }
  return combinePackages(packages, { edition, startedAt, finishedAt: now(), command: options.command ?? `margo-conformance package ${options.paths.join(' ')}` });
}

/** The top level of a several-package run, from the packages' own models. */
export function combinePackages(packages: RunResults[], run: { edition: Edition; startedAt: Date; finishedAt: Date; command: string }): RunResults {
  const first = packages[0];
  if (!first) throw new TypeError('combinePackages: no packages');
  const verdict = packages.map((p) => p.verdict).reduce<Verdict>((worst, v) => (exitCodeFor(v) > exitCodeFor(worst) ? v : worst), 'conformant');
  const count = (predicate: (p: RunResults) => boolean) => packages.filter(predicate).length;
  const bad = count((p) => p.verdict !== 'conformant');
  const sum = <K extends string>(pick: (p: RunResults) => Record<K, number>): Record<K, number> => {
    const total = { ...pick(first) };
    for (const key of Object.keys(total) as K[]) total[key] = packages.reduce<number>((n, each) => n + pick(each)[key], 0);
    return total;
  };
  return {
    ...first,
    run: {
      ...first.run,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
      durationMs: run.finishedAt.getTime() - run.startedAt.getTime(),
      command: run.command,
    },
    config: { specVersion: run.edition.id, packages: packages.length },
    subject: { kind: 'package', location: packages.map((p) => p.subject.location).join(' '), format: 'packages', name: `${packages.length} packages` },
    verdict,
    verdictReason:
      bad === 0
        ? `All ${packages.length} packages are conformant.`
        : `${bad} of ${packages.length} packages are not conformant: ${count((p) => p.verdict === 'non-conformant')} non-conformant, ${count((p) => p.verdict === 'error')} could not be decided.`,
    summary: {
      checks: sum((p) => p.summary.checks),
      requirements: { core: sum((p) => p.summary.requirements.core), extended: sum((p) => p.summary.requirements.extended) },
      warnings: packages.reduce((n, p) => n + p.summary.warnings, 0),
    },
    results: [],
    requirements: [],
    errors: [],
    packages,
  };
}

/**
 * The package directories under `root`: every directory holding a `margo.yaml` or an OCI `oci-layout`, depth first in plain
 * name order, without descending into a package. `.tar.gz` files are packages too.
 */
export async function findPackages(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.isFile() && (e.name === 'margo.yaml' || e.name === 'oci-layout'))) {
      found.push(dir);
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(path);
      else if (entry.isFile() && entry.name.endsWith('.tar.gz')) found.push(path);
    }
  };
  if (!(await stat(root)).isDirectory()) return [root];
  await walk(root);
  return found;
}
