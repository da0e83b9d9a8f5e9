import { resolveEdition, DEFAULT_EDITION, EDITIONS } from '../../core/catalog/editions.js';
import { exitCodeFor } from '../../core/results/verdict.js';
import { runPackage, shellQuote } from '../runs/run-package.js';
import { renderJson, renderText, writeReports } from '../../reports/index.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';
import type { CommandIo } from './command-io.js';

export const PACKAGE_HELP = `Usage: margo-conformance package <path> [options]

Checks a Margo application package and writes results.json, junit.xml and report.html.

<path>  a package directory (margo.yaml and optional resources/), a .tar.gz of one,
        a single margo.yaml, or an OCI image layout directory holding the package artifact

Options:
  --spec-version V   spec edition: ${Object.keys(EDITIONS).join(', ')} (alias latest); default ${DEFAULT_EDITION}
                     (env MARGO_CONFORMANCE_SPEC_VERSION)
  --out DIR          where the reports go; default ./conformance-report (env MARGO_CONFORMANCE_OUT)
  --json             print results.json to stdout instead of the summary
  --only IDS         decide only these requirements, comma-separated (e.g. PKG-007,PKG-008)
  --tag TAG          for an OCI image layout with several manifests: the one to check
  -h, --help         this help

Exit codes: 0 conformant, 1 non-conformant, 2 error (bad usage, unreadable or refused input, internal error).`;

export async function packageCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('package', args, {
    'spec-version': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    only: { type: 'string' },
    tag: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(PACKAGE_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`margo-conformance package: expected one <path>, got ${positionals.length}. Run 'margo-conformance package --help'.`);
  }
  const path = positionals[0] as string;
  const editionName = values['spec-version'] ?? io.env.MARGO_CONFORMANCE_SPEC_VERSION ?? DEFAULT_EDITION;
  const edition = resolveEdition(editionName);
  if (!edition) {
    throw new UsageError(`margo-conformance package: unknown spec version "${editionName}"; expected one of ${Object.keys(EDITIONS).join(', ')} or latest.`);
  }
  const only = values.only?.split(',').map((id) => id.trim()).filter(Boolean);
  const out = values.out ?? io.env.MARGO_CONFORMANCE_OUT ?? 'conformance-report';

  const command = ['margo-conformance', 'package', path, '--spec-version', edition.id, ...(only ? ['--only', only.join(',')] : []), ...(values.tag ? ['--tag', values.tag] : [])]
    .map(shellQuote)
    .join(' ');
  const results = await runPackage({ path, edition, command, ...(only ? { only } : {}), ...(values.tag ? { tag: values.tag } : {}) });
  const written = await writeReports(results, out);

  if (values.json) io.stdout(renderJson(results));
  else io.stdout(renderText(results, { color: io.color }) + `\nReports: ${written.join(', ')}\n`);
  return exitCodeFor(results.verdict);
}
