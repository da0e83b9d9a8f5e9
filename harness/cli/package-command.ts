import { writeFile } from 'node:fs/promises';
import { resolveEdition, DEFAULT_EDITION, EDITIONS } from '../../core/catalog/editions.js';
import type { RunResults } from '../../core/results/model.js';
import { exitCodeFor } from '../../core/results/verdict.js';
import { runPackage } from '../runs/run-package.js';
import { findPackages, runPackages } from '../runs/run-packages.js';
import { shellQuote } from '../runs/reproduce-command.js';
import { renderJson, renderText, writeReports } from '../../reports/index.js';
import { renderSarif } from '../../reports/sarif-renderer.js';
import { checkInput } from './check-input.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';
import type { CommandIo } from './command-io.js';

const EDITION_HELP = Object.values(EDITIONS)
  .map((edition) => `${edition.id}${edition.id === DEFAULT_EDITION ? ' (the default; alias latest)' : ''}`)
  .join(', ');

export const PACKAGE_HELP = `Usage: margo-conformance package <path>... [options]
       margo-conformance package --recursive <dir> [options]

Checks Margo application packages and writes results.json, junit.xml and report.html (one suite per package
when there are several). Prints every finding as file:line:col ID level: message.

<path>  a package directory (margo.yaml and optional resources/), a .tar.gz of one,
        a single margo.yaml, or an OCI image layout directory holding the package artifact

Options:
  --spec-version V   the spec edition to check against: ${EDITION_HELP}
                     (env MARGO_CONFORMANCE_SPEC_VERSION)
  --recursive        check every package below each <dir>: each folder holding a margo.yaml or an OCI layout, and each .tar.gz
  --out DIR          where the reports go; default ./conformance-report (env MARGO_CONFORMANCE_OUT)
  --json             print results.json to stdout instead of the summary
  --sarif F          also write SARIF 2.1.0 to F, for code-scanning UIs
  --sarif-root DIR   SARIF file URIs are relative to DIR (the repository root); default the working directory
  --only IDS         decide only these requirements, comma-separated (e.g. PKG-007,PKG-008)
  --tag TAG          for an OCI image layout with several manifests: the one to check
  -h, --help         this help

Exit codes: 0 conformant, 1 non-conformant, 2 error (bad usage, missing or unparsable input, internal error);
with several packages, the worst of them.`;

export async function packageCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('package', args, {
    'spec-version': { type: 'string' },
    recursive: { type: 'boolean' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    sarif: { type: 'string' },
    'sarif-root': { type: 'string' },
    only: { type: 'string' },
    tag: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(PACKAGE_HELP + '\n');
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError(`margo-conformance package: expected at least one <path>. Run 'margo-conformance package --help'.`);
  }
  const editionName = values['spec-version'] ?? io.env.MARGO_CONFORMANCE_SPEC_VERSION ?? DEFAULT_EDITION;
  const edition = resolveEdition(editionName);
  if (!edition) {
    throw new UsageError(`margo-conformance package: unknown spec version "${editionName}"; expected one of ${Object.keys(EDITIONS).join(', ')} or latest.`);
  }
  const only = values.only?.split(',').map((id) => id.trim()).filter(Boolean);
  const out = values.out ?? io.env.MARGO_CONFORMANCE_OUT ?? 'conformance-report';

  let paths = positionals;
  if (values.recursive) {
    for (const path of positionals) await checkInput('package', path, { folderOfPackages: true });
    paths = (await Promise.all(positionals.map(findPackages))).flat();
    if (paths.length === 0) throw new UsageError(`margo-conformance package: no package below ${positionals.join(', ')} (no folder with a margo.yaml or an OCI layout, no .tar.gz). Give the folder that holds the packages.`);
  } else {
    for (const path of positionals) await checkInput('package', path);
  }
  const command = [
    'margo-conformance', 'package', ...positionals, ...(values.recursive ? ['--recursive'] : []), '--spec-version', edition.id,
    ...(only ? ['--only', only.join(',')] : []), ...(values.tag ? ['--tag', values.tag] : []),
  ].map(shellQuote).join(' ');
  const common = { edition, command, ...(only ? { only } : {}), ...(values.tag ? { tag: values.tag } : {}) };
  const results: RunResults =
    paths.length === 1 && !values.recursive ? await runPackage({ ...common, path: paths[0] as string }) : await runPackages({ ...common, paths });
  const written = await writeReports(results, out);
  if (values.sarif) {
    await writeFile(values.sarif, renderSarif(results, values['sarif-root'] ? { root: values['sarif-root'] } : {}), 'utf8');
    written.push(values.sarif);
  }

  if (values.json) io.stdout(renderJson(results));
  else io.stdout(renderText(results, { color: io.color }) + `\nReports: ${written.join(', ')}\n`);
  return exitCodeFor(results.verdict);
}
