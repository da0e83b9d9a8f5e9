import { toolInfo } from '../../core/results/tool-info.js';
import type { CommandIo } from './command-io.js';
import { composeCommand } from './compose-command.js';
import { packageCommand } from './package-command.js';
import { pkiCommand } from './pki-command.js';
import { requirementsCommand } from './requirements-command.js';
import { runCommand } from './run-command.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: margo-conformance <command> [options]

Conformance test kit for the Margo industrial edge specification.

Commands:
  package <path>   check an application package (directory, .tar.gz, margo.yaml or OCI image layout)
  compose <path>   check a Compose file, Compose Archive or OCI Compose component (draft compose-security rules)
  run --profile P  run a profile against a running product: wfm, device-compose, device-helm (the bundled
                   reference by default, or --sut-command / --sut-image / --target)
  requirements     list the requirement catalog
  pki --out DIR    write the test PKI a product is configured with before --target or --mock-wfm-port runs

Run 'margo-conformance <command> --help' for a command's options.
Options: -h, --help  this help;  -v, --version  the tool's version`;

const COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<number>> = {
  package: packageCommand,
  compose: composeCommand,
  run: runCommand,
  requirements: requirementsCommand,
  pki: pkiCommand,
};

/** Runs the CLI and returns the exit code; the only place that knows about argv and the process. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(HELP + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      const tool = toolInfo();
      io.stdout(`${tool.name} ${tool.version}${tool.commit ? ` (${tool.commit.slice(0, 12)})` : ''}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`margo-conformance: unknown command "${command}". Run 'margo-conformance --help' for the commands.`);
    return await run(rest, io);
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.stderr(cause.message + '\n');
      return 2;
    }
    const error = cause as Error;
    io.stderr(`margo-conformance: internal error: ${error.message}\n`);
    if (io.env.MARGO_CONFORMANCE_DEBUG) io.stderr(`${error.stack ?? ''}\n`);
    else io.stderr('Set MARGO_CONFORMANCE_DEBUG=1 to see the stack.\n');
    return 2;
  }
}
