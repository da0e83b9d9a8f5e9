import { toolInfo } from '../../core/results/tool-info.js';
import type { CommandIo } from './command-io.js';
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

type Command = (args: string[], io: CommandIo) => Promise<number>;

// Each command's code is imported only when it runs: importing all of them cost most of a short run's CPU.
const COMMANDS: Record<string, () => Promise<Command>> = {
  package: async () => (await import('./package-command.js')).packageCommand,
  compose: async () => (await import('./compose-command.js')).composeCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  requirements: async () => (await import('./requirements-command.js')).requirementsCommand,
  pki: async () => (await import('./pki-command.js')).pkiCommand,
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
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`margo-conformance: unknown command "${command}". Run 'margo-conformance --help' for the commands.`);
    return await (await load())(rest, io);
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
