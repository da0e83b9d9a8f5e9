import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOrCreateStablePki, STABLE_PKI_FILES } from '../../core/identity/stable-pki.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';
import type { CommandIo } from './command-io.js';

export const PKI_HELP = `Usage: margo-conformance pki --out DIR

Writes the suite's test PKI to DIR, or keeps the one already there (delete DIR for new material), and
says which file goes where. Configure your product with it once, then test it as often as you like:
  a running WFM        run --profile wfm --target URL --control URL --pki DIR
  a device by hand     run --profile device-compose --mock-wfm-port N --mock-wfm-pki DIR

Options:
  --out DIR    where the trust material goes (created, mode 0700 for the CA keys)
  -h, --help   this help`;

/** `margo-conformance pki`: the stable PKI a product is configured with before `--target` or `--mock-wfm-port` runs. */
export async function pkiCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('pki', args, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(PKI_HELP + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`margo-conformance pki: unexpected argument "${positionals[0]}". Run 'margo-conformance pki --help'.`);
  if (values.out === undefined) throw new UsageError("margo-conformance pki: --out DIR is required. Run 'margo-conformance pki --help'.");
  const dir = values.out;
  const kind = await stat(dir).then((s) => (s.isDirectory() ? 'directory' : 'other'), () => 'absent');
  if (kind === 'other') throw new UsageError(`margo-conformance pki: --out ${dir} exists and is not a directory; name a new or existing directory.`);
  let stable: Awaited<ReturnType<typeof loadOrCreateStablePki>>;
  try {
    stable = await loadOrCreateStablePki(dir);
  } catch (cause) {
    // A file system refusal (permissions, a file where a directory is needed) is the user's to fix, not an internal error.
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === undefined) throw cause;
    throw new UsageError(`margo-conformance pki: cannot write the test PKI to ${dir} (${code}: ${(cause as Error).message.split('\n')[0]}); name a directory you can write.`);
  }
  const { pki } = stable;
  const file = (name: string) => join(dir, name);
  io.stdout(
    [
      `${stable.created ? 'Wrote' : 'Kept'} the test PKI of trust domain ${pki.trustDomain} in ${dir}.`,
      `A WFM under test (run --profile wfm --target URL --control URL --pki ${dir}):`,
      `  serves ${file(STABLE_PKI_FILES.wfm.cert)} (leaf and intermediate) with key ${file(STABLE_PKI_FILES.wfm.key)}: rc.3 its SVID ${pki.wfm.spiffeId}, preview-1 its server certificate (localhost, 127.0.0.1)`,
      `  takes ${file(STABLE_PKI_FILES.svid.bundle)} as the anchors of client SVIDs (rc.3) or the onboarding root CA (preview-1)`,
      `A device started by hand (run --mock-wfm-port N --mock-wfm-pki ${dir}):`,
      `  rc.3: trust bundle ${file(STABLE_PKI_FILES.svid.bundle)}, SVID ${file(STABLE_PKI_FILES.svid.cert)}, key ${file(STABLE_PKI_FILES.svid.key)} (${stable.svid.spiffeId})`,
      `  preview-1: WFM CA ${file(STABLE_PKI_FILES.signature.wfmCa)}, certificate ${file(STABLE_PKI_FILES.signature.cert)}, key ${file(STABLE_PKI_FILES.signature.key)}`,
      '',
    ].join('\n'),
  );
  return 0;
}
