import { UnsafeInputError } from '../../core/input/limits.js';
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
  certify --profile P --product FILE --out DIR
                   a certification run: the full profile for a declared product, as a signed result bundle
  verify BUNDLE --key pub.pem
                   check a certification bundle: signature, file digests, schema, verdict, evidence
  diff A B         compare two results (results.json or bundles): changed outcomes, new and fixed failures
  fleet            simulate a fleet of devices polling a WFM and check it stays correct under that load
  merge <dirs>     combine the results of 'fleet --shard i/N' runs into one report

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
  certify: async () => (await import('./certify-command.js')).certifyCommand,
  verify: async () => (await import('./verify-command.js')).verifyCommand,
  diff: async () => (await import('./diff-command.js')).diffCommand,
  fleet: async () => (await import('./fleet-command.js')).fleetCommand,
  merge: async () => (await import('./merge-command.js')).mergeCommand,
};

/** Runs the CLI and returns the exit code; the only place that knows about argv and the process. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // `help package` is `package --help`.
    if (command === 'help' && rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0])) return await (await (COMMANDS[rest[0]] as () => Promise<Command>)())(['--help'], io);
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
    // A refused input (a named file over its limit, a bomb) is the user's input, not our bug: one line, exit 2.
    if (cause instanceof UsageError || cause instanceof UnsafeInputError) {
      io.stderr(`${cause instanceof UnsafeInputError ? 'margo-conformance: ' : ''}${cause.message}\n`);
      return 2;
    }
    const error = cause as Error;
    io.stderr(`margo-conformance: internal error: ${error.message}\n`);
    if (io.env.MARGO_CONFORMANCE_DEBUG) io.stderr(`${error.stack ?? ''}\n`);
    else io.stderr('Set MARGO_CONFORMANCE_DEBUG=1 to see the stack.\n');
    return 2;
  }
}
