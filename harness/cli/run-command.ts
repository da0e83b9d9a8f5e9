import { resolveEdition, DEFAULT_EDITION, EDITIONS } from '../../core/catalog/editions.js';
import { exitCodeFor } from '../../core/results/verdict.js';
import { shellQuote } from '../runs/reproduce-command.js';
import { DEFAULT_MOCK_WFM_PKI, runDevice } from '../runs/run-device.js';
import { attachedInstructions } from '../launch/attached-device.js';
import { runWfm } from '../runs/run-wfm.js';
import { loadDeviceFeatures, loadProfiles, unclaimedRequirements } from '../../core/profiles/profile.js';
import type { EditionId } from '../../core/catalog/types.js';
import { createDeviceContainerLauncher } from '../launch/device-container-launcher.js';
import { EngineError, preflightEngine, resolveEngine } from '../launch/container-engine.js';
import { ContainerFlagError, parseContainerFlags, type ContainerSettings } from '../launch/container-flags.js';
import { createContainerLauncher } from '../launch/container-launcher.js';
import { createContainerRun } from '../launch/container-run.js';
import { renderJson, renderText, writeReports } from '../../reports/index.js';
import { parseCommandArgs } from './parse-command-args.js';
import { createProgressRenderer, progressMode } from './progress-renderer.js';
import { MAX_TIME_SCALE } from '../../core/runner/time-scale.js';
import { UsageError } from './usage-error.js';
import type { CommandIo } from './command-io.js';

/** Profiles `run` can run, from the profile data: those whose subject is a running product (a WFM or a device). */
const RUNNABLE = loadProfiles()
  .filter((profile) => profile.subjects.some((subject) => subject === 'wfm' || subject === 'device'))
  .map((profile) => profile.id);

export const RUN_HELP = `Usage: margo-conformance run --profile P [options]

Runs a running-product profile and writes results.json, junit.xml and report.html.
wfm: without --target it starts the bundled reference WFM (or --sut-command) as a local process, or the
image given with --sut-image as a container (host network, removed after the run); the suite plays
the devices. device-compose, device-helm, device-wasm: the suite plays the WFM (a validating mock) and
starts the bundled reference device, or --sut-command / --sut-image, once per scenario; device-wasm
(draft, rc.3 only) also serves Wasm artifacts from a local OCI registry on 127.0.0.1. With
--mock-wfm-port (device-compose, device-helm) the mock listens on that port for one device you start by
hand, and the scenarios run one after the other against it.

Options:
  --profile P         the profile to run: ${RUNNABLE.join(', ')}
  --spec-version V    spec edition: ${Object.keys(EDITIONS).join(', ')} (alias latest); default ${DEFAULT_EDITION}
                      (env MARGO_CONFORMANCE_SPEC_VERSION)
  --target URL        (wfm) https://host:port of a WFM that is already running
  --control URL       (wfm) its control-adapter base URL (e.g. http://127.0.0.1:9444/control/v1)
  --pki DIR           (wfm) the kept test PKI the WFM was configured with ('margo-conformance pki --out DIR';
                      created when absent): --target needs it, as the WFM must present the suite's
                      certificate and trust its clients. Default: a fresh PKI per run, handed to a launched WFM
  --sut-command CMD   command that starts the product under its launch contract (MARGO_* environment)
  --sut-image IMAGE   container image of the product, started under the launch contract; must exist
                      locally (no registry is used). Engine from DOCKER_HOST, default /var/run/docker.sock
  --sut-env K=V       extra environment for the container (repeatable)
  --sut-port PORT     (wfm) port the WFM listens on in the container (= host port: host networking)
  --sut-ready R       readiness: log (the {"ready":true} line, default), log:REGEX, port, https, https:/PATH
  --sut-ready-timeout MS  how long to wait for readiness; default 30000
  --mock-wfm-port N   (device-compose, device-helm) serve one mock WFM on https://127.0.0.1:N for a device
                      started by hand; restart and configuration scenarios are skipped. Not with
                      --sut-command or --sut-image
  --mock-wfm-pki DIR  (with --mock-wfm-port) the device's credentials and the WFM trust files, generated
                      when absent and kept for later runs; default ./margo-mock-wfm-pki.
                      rc.3: trust-bundle.pem, svid.pem, svid.key; preview-1: wfm-ca.pem, client.pem, client.key
  --out DIR           where the reports go; default ./conformance-report (env MARGO_CONFORMANCE_OUT)
  --json              print results.json to stdout instead of the summary
  --only IDS          decide only these requirements, comma-separated (e.g. DS-005,DS-007)
  --time-scale N      multiply every deadline (waits on the device, HTTP requests, launch) by N (1-${MAX_TIME_SCALE});
                      default: calibrated at run start from a CPU probe. An expired deadline is an error,
                      never a failure; widen it on a busy or slow machine
  --quiet             no progress (default: a live line on a terminal, one line per finished check group otherwise)
  --feature NAMES     (device profiles, rc.3) optional features the device claims, comma-separated:
                      ${loadDeviceFeatures().map((f) => f.id).join(', ')}. Their requirements are skipped
                      (not applicable) for a device that does not claim them
  -h, --help          this help

Exit codes: 0 conformant, 1 non-conformant, 2 error (bad usage, the WFM could not be started or reached, internal error).`;

export async function runCommand(args: string[], io: CommandIo): Promise<number> {
  const run = await runFromArgs(args, io);
  if (run === 'help') return 0;
  const { results, out, values } = run;
  const written = await writeReports(results, out);
  if (values.json) io.stdout(renderJson(results));
  else io.stdout(renderText(results, { color: io.color }) + `\nReports: ${written.join(', ')}\n`);
  return exitCodeFor(results.verdict);
}

/** The flags of `run`; `certify` takes the same set (refusing some) plus its own. */
export const RUN_OPTIONS = {
  profile: { type: 'string' },
  'spec-version': { type: 'string' },
  target: { type: 'string' },
  control: { type: 'string' },
  pki: { type: 'string' },
  'sut-command': { type: 'string' },
  'sut-image': { type: 'string' },
  'sut-env': { type: 'string', multiple: true },
  'sut-port': { type: 'string' },
  'sut-ready': { type: 'string' },
  'sut-ready-timeout': { type: 'string' },
  'mock-wfm-port': { type: 'string' },
  'mock-wfm-pki': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  only: { type: 'string' },
  feature: { type: 'string', multiple: true },
  'time-scale': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses `run`'s flags, launches the product (or the bundled reference) and runs the profile; `certify`
 * shares it. Returns the results unwritten, or `help` when --help was printed.
 */
export async function runFromArgs(args: string[], io: CommandIo, name = 'run', hooks: { onSutLogs?: (source: string, text: string) => void } = {}) {
  const { values, positionals } = parseCommandArgs(name, args, RUN_OPTIONS);
  if (values.help) {
    io.stdout(RUN_HELP + '\n');
    return 'help' as const;
  }
  if (positionals.length > 0) throw new UsageError(`margo-conformance run: unexpected argument "${positionals[0]}". Run 'margo-conformance run --help'.`);
  if (values.profile === undefined) throw new UsageError(`margo-conformance run: --profile is required (${RUNNABLE.join(', ')}). Run 'margo-conformance run --help'.`);
  if (!RUNNABLE.includes(values.profile)) {
    throw new UsageError(`margo-conformance run: profile "${values.profile}" cannot be run; expected one of ${RUNNABLE.join(', ')} (application packages: 'margo-conformance package').`);
  }
  const device = loadProfiles().find((p) => p.id === values.profile)?.subjects.includes('device') ?? false;
  if (device && (values.target !== undefined || values.control !== undefined || values.pki !== undefined)) {
    throw new UsageError('margo-conformance run: --target, --control and --pki are for the wfm profile; a device is started by the harness (--sut-command or --sut-image), or by hand with --mock-wfm-port and --mock-wfm-pki.');
  }
  const mockWfmPort = parseMockWfmFlags(values, device, values.profile);
  if (values.target !== undefined && values['sut-command'] !== undefined) {
    throw new UsageError('margo-conformance run: give either --target (a running WFM) or --sut-command (a WFM to start), not both.');
  }
  if (values['sut-image'] !== undefined && (values.target !== undefined || values['sut-command'] !== undefined)) {
    throw new UsageError('margo-conformance run: give one of --target (a running WFM), --sut-command (a command) or --sut-image (an image), not several.');
  }
  const sutFlags = ['sut-env', 'sut-port', 'sut-ready', 'sut-ready-timeout'] as const;
  const stray = sutFlags.find((flag) => values[flag] !== undefined);
  if (values['sut-image'] === undefined && stray) throw new UsageError(`margo-conformance run: --${stray} needs --sut-image.`);
  let container: ContainerSettings | undefined;
  if (values['sut-image'] !== undefined) {
    try {
      container = parseContainerFlags(
        { image: values['sut-image'], env: values['sut-env'], port: values['sut-port'], ready: values['sut-ready'], readyTimeout: values['sut-ready-timeout'] },
        device ? 'device' : 'wfm',
      );
    } catch (cause) {
      if (cause instanceof ContainerFlagError) throw new UsageError(`margo-conformance run: ${cause.message}`);
      throw cause;
    }
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
  const timeScale = parseTimeScale(values['time-scale']);
  const features = parseFeatures(values.feature ?? [], device, edition.id);
  const out = values.out ?? io.env.MARGO_CONFORMANCE_OUT ?? 'conformance-report';
  const command = [
    'margo-conformance', 'run', '--profile', values.profile, '--spec-version', edition.id,
    ...(values.target ? ['--target', values.target] : []),
    ...(values.control ? ['--control', values.control] : []),
    ...(values.pki ? ['--pki', values.pki] : []),
    ...(values['sut-command'] ? ['--sut-command', values['sut-command']] : []),
    ...(mockWfmPort !== undefined ? ['--mock-wfm-port', String(mockWfmPort), '--mock-wfm-pki', values['mock-wfm-pki'] ?? DEFAULT_MOCK_WFM_PKI] : []),
    ...(container ? containerArgs(values) : []),
    ...(features.length > 0 ? ['--feature', features.join(',')] : []),
    ...(only ? ['--only', only.join(',')] : []),
    ...(timeScale !== undefined ? ['--time-scale', String(timeScale)] : []),
  ]
    .map(shellQuote)
    .join(' ');
  // Before anything slow: no engine or no image is one line and exit 2 at once.
  const engine = container ? resolveEngineOrExit(io.env) : undefined;
  if (container && engine) {
    try {
      await preflightEngine({ engine, images: [container.image] });
    } catch (cause) {
      if (cause instanceof EngineError) throw new UsageError(cause.message);
      throw cause;
    }
  }
  const run = container && engine ? createContainerRun({ engine }) : undefined;
  if (mockWfmPort !== undefined) {
    io.stderr(`Mock WFM for a device started by hand; start it with ${attachedInstructions(edition.id, `https://127.0.0.1:${mockWfmPort}`, values['mock-wfm-pki'] ?? DEFAULT_MOCK_WFM_PKI)}\n`);
  }
  const progress = createProgressRenderer({ mode: progressMode({ quiet: Boolean(values.quiet), ...(io.progressStream ? { stream: io.progressStream } : {}) }), label: values.profile, write: io.stderr, ...(io.progressStream ? { stream: io.progressStream } : {}) });
  const common = { ...(timeScale !== undefined ? { timeScale } : {}), onProgress: progress.onProgress, ...(hooks.onSutLogs ? { onSutLogs: hooks.onSutLogs } : {}) };
  let results;
  try {
    results = device
      ? await runDevice({
          profile: values.profile,
          edition,
          command,
          ...(values['sut-command'] ? { sutCommand: values['sut-command'] } : {}),
          ...(mockWfmPort !== undefined ? { mockWfmPort, mockWfmPki: values['mock-wfm-pki'] ?? DEFAULT_MOCK_WFM_PKI } : {}),
          ...(container && run
            ? {
                launcher: createDeviceContainerLauncher({
                  image: container.image,
                  run,
                  env: container.env,
                  readiness: container.readiness,
                  ...(container.readyTimeoutMs !== undefined ? { readyTimeoutMs: container.readyTimeoutMs } : {}),
                }),
              }
            : {}),
          ...(only ? { only } : {}),
          ...(features.length > 0 ? { features } : {}),
          ...common,
        })
      : await runWfm({
      edition,
      command,
      ...(values.target ? { target: values.target } : {}),
      ...(values.control ? { control: values.control } : {}),
      ...(values.pki ? { pkiDir: values.pki } : {}),
      ...(values['sut-command'] ? { sutCommand: values['sut-command'] } : {}),
      ...(container && run
        ? {
            launcher: (pki) =>
              createContainerLauncher({
                image: container.image,
                run,
                edition: edition.id,
                pki,
                env: container.env,
                readiness: container.readiness,
                ...(container.port !== undefined ? { port: container.port } : {}),
                ...(container.readyTimeoutMs !== undefined ? { readyTimeoutMs: container.readyTimeoutMs } : {}),
              }),
          }
        : {}),
      ...(only ? { only } : {}),
      ...common,
    });
  } finally {
    progress.stop();
    await run?.close();
  }
  // Nothing named the product: the run tested the bundled reference, and every report says so.
  if (!values['sut-command'] && !container && !values.target && mockWfmPort === undefined) results.subject.reference = true;
  return { results, out, values, edition, features, only, timeScale };
}

/** `--time-scale N`: a number from 1 to MAX_TIME_SCALE; absent means calibrated. */
function parseTimeScale(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const factor = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || factor < 1 || factor > MAX_TIME_SCALE) {
    throw new UsageError(`margo-conformance run: --time-scale "${value}" is not a number from 1 to ${MAX_TIME_SCALE}. Give e.g. --time-scale 3 to triple every deadline.`);
  }
  return factor;
}

/** The --sut-* flags for the reproduce command; --sut-env values may be secrets, so only names are kept. */
function containerArgs(values: { 'sut-image'?: string; 'sut-env'?: string[]; 'sut-port'?: string; 'sut-ready'?: string; 'sut-ready-timeout'?: string }): string[] {
  return [
    '--sut-image', values['sut-image'] ?? '',
    ...(values['sut-env'] ?? []).flatMap((pair) => ['--sut-env', `${pair.split('=')[0]}=<redacted>`]),
    ...(values['sut-port'] ? ['--sut-port', values['sut-port']] : []),
    ...(values['sut-ready'] ? ['--sut-ready', values['sut-ready']] : []),
    ...(values['sut-ready-timeout'] ? ['--sut-ready-timeout', values['sut-ready-timeout']] : []),
  ];
}

/** `--feature a,b` (repeatable): device features, checked against the table and the edition. */
function parseFeatures(given: string[], device: boolean, edition: EditionId): string[] {
  const features = [...new Set(given.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean))];
  if (features.length === 0) return features;
  if (!device) throw new UsageError('margo-conformance run: --feature is for device profiles.');
  try {
    unclaimedRequirements(features, edition);
  } catch (cause) {
    throw new UsageError(`margo-conformance run: ${(cause as Error).message}`);
  }
  return features;
}

/** `--mock-wfm-port N` (device-compose, device-helm; not with a launched device) and `--mock-wfm-pki DIR` (only with it). */
function parseMockWfmFlags(values: { 'mock-wfm-port'?: string; 'mock-wfm-pki'?: string; 'sut-command'?: string; 'sut-image'?: string }, device: boolean, profile: string): number | undefined {
  const port = values['mock-wfm-port'];
  if (port === undefined) {
    if (values['mock-wfm-pki'] !== undefined) throw new UsageError('margo-conformance run: --mock-wfm-pki needs --mock-wfm-port.');
    return undefined;
  }
  if (!device || !['device-compose', 'device-helm'].includes(profile)) throw new UsageError(`margo-conformance run: --mock-wfm-port is for device-compose and device-helm, not ${profile}.`);
  if (values['sut-command'] !== undefined || values['sut-image'] !== undefined) {
    throw new UsageError('margo-conformance run: give either --mock-wfm-port (a device started by hand) or --sut-command/--sut-image (a device the harness starts), not both.');
  }
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw new UsageError(`margo-conformance run: --mock-wfm-port "${port}" is not a port number (1-65535).`);
  return Number(port);
}

function resolveEngineOrExit(env: Readonly<Record<string, string | undefined>>) {
  try {
    return resolveEngine(env);
  } catch (cause) {
    if (cause instanceof EngineError) throw new UsageError(`margo-conformance run: ${cause.message}`);
    throw cause;
  }
}
