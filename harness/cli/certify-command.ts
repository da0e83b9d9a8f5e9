import { readFile } from 'node:fs/promises';
import { certificationExitCode } from '../../core/results/verdict.js';
import { renderText } from '../../reports/index.js';
import { certificationRefusals, writeCertification } from '../certify/certify-results.js';
import { loadProductDeclaration, ProductDeclarationError } from '../certify/load-product.js';
import { generateSigningKey, loadSigningKey, SigningKeyError, type SigningKey } from '../certify/sign-statement.js';
import { formatSutLogs } from '../certify/sut-logs.js';
import type { CommandIo } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { RUN_OPTIONS, runFromArgs } from './run-command.js';
import { UsageError } from './usage-error.js';

export const CERTIFY_HELP = `Usage: margo-conformance certify --profile P --product FILE [--sign-key KEY] [--sut-command CMD | --sut-image IMAGE | --target URL] --out DIR

A certification run: the full profile for the declared product, written as a signed result bundle a lab can
file and verify later ('margo-conformance verify'). Without --sut-*/--target it tests the bundled reference,
and the report says so.

Options:
  --profile P         the profile certified; must equal the product declaration's profile
  --product FILE      the product declaration (product.yaml: vendor, product, version, profile, edition,
                      features, contact, optional launch); its edition and features are the run's
  --sign-key KEY      the lab's private key, PEM, ECDSA P-256 or Ed25519. Default: a key generated for this
                      run, its public half written to DIR/signing-key.pub.pem
  --out DIR           where the bundle goes: DIR/certification-bundle/ and DIR/certification-bundle.tar.gz
  --sut-command, --sut-image, --sut-env, --sut-port, --sut-ready, --sut-ready-timeout, --target, --control,
  --time-scale, --quiet   as for 'margo-conformance run' (deadlines can only be widened)
  -h, --help          this help

Refused (exit 2): --only, --feature (the declaration claims features), --pki and --mock-wfm-port (a
certification run uses a fresh PKI and launches the product), a declaration for another profile or edition.

Exit codes: 0 conformant and complete, 1 non-conformant, 2 error or refused, 3 conformant but partial (core
requirements a black box can decide were left undecided; the bundle is written and says so).`;

const REFUSED = ['only', 'feature', 'pki', 'mock-wfm-port', 'mock-wfm-pki', 'waivers', 'json'] as const;
const PASSED_ON = ['sut-command', 'sut-image', 'sut-port', 'sut-ready', 'sut-ready-timeout', 'target', 'control', 'time-scale'] as const;

export async function certifyCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('certify', args, {
    ...RUN_OPTIONS,
    product: { type: 'string' },
    'sign-key': { type: 'string' },
    waivers: { type: 'string' },
  });
  if (values.help) {
    io.stdout(CERTIFY_HELP + '\n');
    return 0;
  }
  const refuse = (why: string) => new UsageError(`margo-conformance certify: ${why}; that would not be a certification result.`);
  if (positionals.length > 0) throw new UsageError(`margo-conformance certify: unexpected argument "${positionals[0]}". Run 'margo-conformance certify --help'.`);
  const refused = REFUSED.find((flag) => values[flag] !== undefined);
  if (refused) throw refuse(`--${refused} is refused`);
  if (values.profile === undefined || values.product === undefined || values.out === undefined) {
    throw new UsageError("margo-conformance certify: --profile, --product and --out are required. Run 'margo-conformance certify --help'.");
  }
  let loaded;
  try {
    loaded = loadProductDeclaration(values.product);
  } catch (cause) {
    if (cause instanceof ProductDeclarationError) throw new UsageError(`margo-conformance certify: ${cause.message}`);
    throw cause;
  }
  const { declaration, source } = loaded;
  if (declaration.profile !== values.profile) throw refuse(`${values.product} declares profile ${declaration.profile}, not ${values.profile}`);
  if (values['spec-version'] !== undefined && values['spec-version'] !== declaration.edition) throw refuse(`${values.product} declares edition ${declaration.edition}, not ${values['spec-version']}`);
  const key = await signingKey(values['sign-key']);

  const runArgs = ['--profile', declaration.profile, '--spec-version', declaration.edition, '--out', values.out];
  for (const flag of PASSED_ON) if (values[flag] !== undefined) runArgs.push(`--${flag}`, String(values[flag]));
  for (const pair of values['sut-env'] ?? []) runArgs.push('--sut-env', pair);
  if (declaration.features.length > 0) runArgs.push('--feature', declaration.features.join(','));
  if (values.quiet) runArgs.push('--quiet');
  const logs: { source: string; text: string }[] = [];
  const run = await runFromArgs(runArgs, io, 'certify', { onSutLogs: (source, text) => logs.push({ source, text }) });
  if (run === 'help') return 0;
  const refusals = certificationRefusals(run.results, declaration);
  if (refusals.length > 0) throw refuse(refusals.join('; '));
  const sutLogs = formatSutLogs(logs, run.results.errors);
  const written = await writeCertification({ results: run.results, product: declaration, productSource: source, key, out: values.out, ...(sutLogs ? { sutLogs } : {}) });
  io.stdout(
    renderText(written.results, { color: io.color }) +
      `\nBundle: ${written.dir}, ${written.tarball}${written.publicKey ? `\nSigned with a key generated for this run; public key: ${written.publicKey}` : ''}\n`,
  );
  const completeness = written.results.completeness ?? { decided: 0, undecided: [], complete: true };
  return certificationExitCode(written.results.verdict, completeness);
}

async function signingKey(path: string | undefined): Promise<SigningKey> {
  if (path === undefined) return generateSigningKey();
  const pem = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`margo-conformance certify: --sign-key ${path}: cannot read the file. Give a PEM private key (ECDSA P-256 or Ed25519).`);
  });
  try {
    return loadSigningKey(pem, path);
  } catch (cause) {
    if (cause instanceof SigningKeyError) throw new UsageError(`margo-conformance certify: --sign-key ${cause.message}`);
    throw cause;
  }
}
