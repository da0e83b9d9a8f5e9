import { resolveEdition, DEFAULT_EDITION, EDITIONS } from '../catalog/editions.js';
import { exitCodeFor } from '../results/verdict.js';
import { shellQuote } from '../run-package.js';
import { runWfm } from '../run-wfm.js';
import { renderJson, renderText, writeReports } from '../../reports/index.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';
import type { CommandIo } from './command-io.js';

/** Profiles `run` can run; the others are decided by other commands or later suites. */
const RUNNABLE = ['wfm'];

export const RUN_HELP = `Usage: margo-conformance run --profile wfm [options]

Runs a running-product profile and writes results.json, junit.xml and report.html.
Without --target it starts the bundled reference WFM (or --sut-command) as a local process.

Options:
  --profile P         the profile to run: ${RUNNABLE.join(', ')}
  --spec-version V    spec edition: ${Object.keys(EDITIONS).join(', ')} (alias latest); default ${DEFAULT_EDITION}
                      (env MARGO_CONFORMANCE_SPEC_VERSION)
  --target URL        https://host:port of a WFM that is already running
  --control URL       its control-adapter base URL (e.g. http://127.0.0.1:9444/control/v1)
  --sut-command CMD   command that starts the WFM under the launch contract (MARGO_* environment)
  --out DIR           where the reports go; default ./conformance-report (env MARGO_CONFORMANCE_OUT)
  --json              print results.json to stdout instead of the summary
  --only IDS          decide only these requirements, comma-separated (e.g. DS-005,DS-007)
  -h, --help          this help

Exit codes: 0 conformant, 1 non-conformant, 2 error (bad usage, the WFM could not be started or reached, internal error).`;

export async function runCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, {
    profile: { type: 'string' },
    'spec-version': { type: 'string' },
    target: { type: 'string' },
    control: { type: 'string' },
    'sut-command': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(RUN_HELP + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`margo-conformance run: unexpected argument "${positionals[0]}". Run 'margo-conformance run --help'.`);
  if (values.profile === undefined) throw new UsageError(`margo-conformance run: --profile is required (${RUNNABLE.join(', ')}). Run 'margo-conformance run --help'.`);
  if (!RUNNABLE.includes(values.profile)) {
    throw new UsageError(`margo-conformance run: profile "${values.profile}" cannot be run; expected one of ${RUNNABLE.join(', ')} (application packages: 'margo-conformance package').`);
  }
  if (values.target !== undefined && values['sut-command'] !== undefined) {
    throw new UsageError('margo-conformance run: give either --target (a running WFM) or --sut-command (a WFM to start), not both.');
  }
  if (values.control !== undefined && values.target === undefined) {
    throw new UsageError('margo-conformance run: --control needs --target; a launched WFM announces its control adapter itself.');
  }
  if (values.target !== undefined && !/^https:\/\/[^/\s]+\/?$/.test(values.target)) {
    throw new UsageError(`margo-conformance run: --target "${values.target}" is not https://host:port. Give the WFM's origin, e.g. https://wfm.example:443.`);
  }
  const editionName = values['spec-version'] ?? io.env.MARGO_CONFORMANCE_SPEC_VERSION ?? DEFAULT_EDITION;
  const edition = resolveEdition(editionName);
  if (!edition) {
    throw new UsageError(`margo-conformance run: unknown spec version "${editionName}"; expected one of ${Object.keys(EDITIONS).join(', ')} or latest.`);
  }
  const only = values.only?.split(',').map((id) => id.trim()).filter(Boolean);
  const out = values.out ?? io.env.MARGO_CONFORMANCE_OUT ?? 'conformance-report';
  const command = [
    'margo-conformance', 'run', '--profile', values.profile, '--spec-version', edition.id,
    ...(values.target ? ['--target', values.target] : []),
    ...(values.control ? ['--control', values.control] : []),
    ...(values['sut-command'] ? ['--sut-command', values['sut-command']] : []),
    ...(only ? ['--only', only.join(',')] : []),
  ]
    .map(shellQuote)
    .join(' ');
  const results = await runWfm({
    edition,
    command,
    ...(values.target ? { target: values.target } : {}),
    ...(values.control ? { control: values.control } : {}),
    ...(values['sut-command'] ? { sutCommand: values['sut-command'] } : {}),
    ...(only ? { only } : {}),
  });
  const written = await writeReports(results, out);
  if (values.json) io.stdout(renderJson(results));
  else io.stdout(renderText(results, { color: io.color }) + `\nReports: ${written.join(', ')}\n`);
  return exitCodeFor(results.verdict);
}
