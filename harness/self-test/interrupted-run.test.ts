import { afterEach, describe, expect, it } from 'vitest';
import { OWNER_LABEL, RUN_LABEL, listLabelled, parseOwner } from '../launch/container-cleanup.js';
import { engineRequest, resolveEngine } from '../launch/container-engine.js';
import { HOSTILE, listening, startCli, staleDist, waitFor, type CliRun } from './test-support/cli-run.js';

// SIGINT or SIGTERM in the middle of a run: the CLI stops what it started (SIGTERM, 3 s grace, SIGKILL),
// removes its temp dirs (keys included), then exits 130 or 143. Its bound: the 15 s drain bound
// (DRAIN_BOUND_MS) plus the time to notice, so 30 s from the signal to the exit.
const EXIT_BOUND_MS = 30_000;
const stale = staleDist();
const engine = resolveEngine(process.env);
const engineUp = await engineRequest(engine, { path: '/_ping', timeoutMs: 500 }).then((answer) => answer.status === 200, () => false);
const WFM_IMAGE = process.env.MARGO_WFM_IMAGE ?? 'margo-reference-wfm:local';
if (stale) console.info(`interrupted-run tests skipped: ${stale}`);
if (!engineUp) console.info(`interrupted --sut-image run skipped: no container engine at ${engine.display} (sudo .ci/dockerd.sh start, then npm run images).`);

/** Containers the CLI with this pid started, by their owner label. */
const containersOf = async (pid: number) => (engineUp ? (await listLabelled(engine, RUN_LABEL)).filter((c) => parseOwner(c.labels[OWNER_LABEL])?.pid === pid).map((c) => c.id) : []);

let run: CliRun | undefined;
afterEach(async () => run?.dispose());

/** `midRun`: the temp dir whose presence says the run is past its start and inside a scenario or check. */
const rows = [
  { name: 'a WFM run', args: ['run', '--profile', 'wfm'], midRun: 'margo-wfm-', signal: 'SIGINT' as const, code: 130, enabled: true },
  { name: 'a WFM run', args: ['run', '--profile', 'wfm'], midRun: 'margo-wfm-', signal: 'SIGTERM' as const, code: 143, enabled: true },
  { name: 'a device run', args: ['run', '--profile', 'device-compose'], midRun: 'margo-device-session-', signal: 'SIGINT' as const, code: 130, enabled: true },
  { name: 'a device run', args: ['run', '--profile', 'device-compose'], midRun: 'margo-device-session-', signal: 'SIGTERM' as const, code: 143, enabled: true },
  {
    name: 'a run of a device that ignores SIGTERM',
    args: ['run', '--profile', 'device-compose', '--sut-command', `"${process.execPath}" "${HOSTILE('device-ignores-sigterm.mjs')}"`],
    midRun: 'margo-device-session-',
    signal: 'SIGINT' as const,
    code: 130,
    enabled: true,
  },
  { name: 'a --sut-image WFM run', args: ['run', '--profile', 'wfm', '--sut-image', WFM_IMAGE], midRun: '', signal: 'SIGINT' as const, code: 130, enabled: engineUp },
];

describe('an interrupted run leaves nothing behind', () => {
  it.runIf(process.env.CI === 'true' && stale !== '')('has a current dist/ in CI', () => {
    expect.fail(stale);
  });

  for (const { name, args, midRun, signal, code, enabled } of rows) {
    it.skipIf(stale !== '' || !enabled)(`${signal} during ${name}: exits ${code}, no process, port or temp dir left`, { timeout: 120_000 }, async () => {
      const cli = (run = await startCli(args));
      const pid = cli.child.pid as number;
      // Mid-run: a process group (or, with --sut-image, a container) of the run is up and its temp dir exists.
      const underWay = async () => (midRun === '' ? (await containersOf(pid)).length > 0 : cli.aliveGroups().length > 0 && cli.leftTempDirs().some((dir) => dir.startsWith(midRun)));
      await waitFor(`${name} under way`, underWay, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      cli.child.kill(signal);
      const signalled = Date.now();
      const { status } = await cli.exited;
      const ports = await Promise.all(cli.seenPorts().map(async (port) => ((await listening(port)) ? [port] : [])));
      expect({
        status,
        withinBound: Date.now() - signalled < EXIT_BOUND_MS,
        said: cli.stderr().includes(`margo-conformance: ${signal}: stopping`),
        groups: cli.aliveGroups(),
        devicePids: cli.alivePids(),
        containers: await containersOf(pid),
        ports: ports.flat(),
        tempDirs: cli.leftTempDirs(),
      }).toEqual({ status: code, withinBound: true, said: true, groups: [], devicePids: [], containers: [], ports: [], tempDirs: [] });
    });
  }
});
