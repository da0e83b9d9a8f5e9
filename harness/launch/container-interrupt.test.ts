import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { OWNER_LABEL, RUN_LABEL, listLabelled, parseOwner, removeLeftovers, type LabelledContainer } from './container-cleanup.js';
import { engineRequest, resolveEngine } from './container-engine.js';

// A harness that is interrupted must leave no container and no process behind. These tests run the
// compiled code (npm ci builds dist/) in a child process, interrupt it, and ask the engine what is left.
const engine = resolveEngine(process.env);
const reachable = await engineRequest(engine, { path: '/_ping', timeoutMs: 500 }).then(
  (answer) => answer.status === 200,
  () => false,
);
const WFM_IMAGE = process.env.MARGO_WFM_IMAGE ?? 'margo-reference-wfm:local';
const compiled = fromPackageRoot('dist', 'harness', 'launch', 'container-run.js');
const fresh = existsSync(compiled) && statSync(compiled).mtimeMs >= statSync(fromPackageRoot('harness', 'launch', 'container-run.ts')).mtimeMs;
const cli = fromPackageRoot('dist', 'harness', 'cli', 'bin.js');
// The CLI gains --sut-image with the run command's wiring; until then the driver below stands in for it.
const cliHasSutImage = existsSync(cli) && spawnSync(process.execPath, [cli, 'run', '--help'], { encoding: 'utf8' }).stdout.includes('--sut-image');

/** Starts one reference WFM container through the compiled launcher and keeps running until signalled. */
const DRIVER = `
const [dist, image, engine] = process.argv.slice(1);
const { createTestPki } = await import(dist + '/core/identity/index.js');
const { createContainerRun } = await import(dist + '/harness/launch/container-run.js');
const { processCleanups } = await import(dist + '/harness/launch/cleanup-registry.js');
const { withTestcontainersEnvironment } = await import(dist + '/harness/launch/testcontainers-env.js');
const { installInterruptHandling } = await import(dist + '/harness/cli/interrupt-handling.js');
// The driver owns its process, as the CLI does: the library installs no signal handling.
withTestcontainersEnvironment(process.env);
installInterruptHandling({ cleanups: processCleanups, stderr: (text) => process.stderr.write(text), exit: (code) => process.exit(code) });
const { createContainerLauncher } = await import(dist + '/harness/launch/container-launcher.js');
const run = createContainerRun({ engine: JSON.parse(engine) });
const pki = await createTestPki();
console.log('starting');
await createContainerLauncher({ image, run, edition: '1.0.0-rc.3', pki }).start();
console.log('started');
setInterval(() => {}, 1000);
`;

const ownedBy = (pid: number) => (c: LabelledContainer) => parseOwner(c.labels[OWNER_LABEL])?.pid === pid;

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(reachable)('an interrupted harness leaves nothing behind', () => {
  it.runIf(process.env.CI === 'true' && !fresh)('has a compiled dist/ in CI', () => {
    expect.fail(`${compiled} is missing or older than its source; npm ci (prepare) or npm run build must run before the tests.`);
  });

  const outDir = mkdtemp(join(tmpdir(), 'margo-interrupt-'));
  afterAll(async () => rm(await outDir, { recursive: true, force: true }));

  const commands = [
    { name: 'the launcher driver', args: () => ['--input-type=module', '-e', DRIVER, fromPackageRoot('dist'), WFM_IMAGE, JSON.stringify(engine)], enabled: fresh },
    { name: 'the CLI', args: async () => [cli, 'run', '--profile', 'wfm', '--sut-image', WFM_IMAGE, '--out', await outDir], enabled: fresh && cliHasSutImage },
  ];
  const signals = [
    { signal: 'SIGINT' as const, code: 130 },
    { signal: 'SIGTERM' as const, code: 143 },
  ];
  const rows = commands.flatMap((command) => signals.map((s) => ({ ...s, command: command.name, args: command.args, enabled: command.enabled })));


  for (const { signal, code, command, args, enabled } of rows) {
    // Skipped while dist/ is stale or, for the CLI, until run has --sut-image.
    it.skipIf(!enabled)(`removes its container on ${signal} while the WFM runs (${command})`, { timeout: 60_000 }, async () => {
      const child = spawn(process.execPath, await args(), { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
      const pid = child.pid as number;
      // Mid-run: a container of this harness is up.
      await waitFor('a running container of the harness', async () => (await listLabelled(engine, RUN_LABEL)).some(ownedBy(pid)), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      child.kill(signal);
      const status = await exited;
      const left = (await listLabelled(engine, RUN_LABEL)).filter(ownedBy(pid));
      expect({ status, left, alive: isAlive(pid) }).toEqual({ status: code, left: [], alive: false });
    });
  }

  it('a later run removes what a harness killed mid-start left behind', { timeout: 60_000, skip: !fresh }, async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', DRIVER, fromPackageRoot('dist'), WFM_IMAGE, JSON.stringify(engine)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid as number;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await waitFor('a container of the harness', async () => (await listLabelled(engine, RUN_LABEL)).some(ownedBy(pid)), 30_000);
    // SIGKILL: no handler runs, as when the machine or the CI job kills the harness.
    child.kill('SIGKILL');
    await exited;
    const before = (await listLabelled(engine, RUN_LABEL)).filter(ownedBy(pid)).length;
    await removeLeftovers(engine);
    const after = (await listLabelled(engine, RUN_LABEL)).filter(ownedBy(pid)).length;
    expect({ before, after }).toEqual({ before: 1, after: 0 });
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
