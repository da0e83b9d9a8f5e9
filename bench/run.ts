// `npm run bench`: the figures the README records. Throughput of the package suite in one process, and
// the wall time of one CLI run from process start to exit.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EDITIONS } from '../core/catalog/editions.js';
import { loadCatalog } from '../core/catalog/load-catalog.js';
import { fromPackageRoot } from '../core/package-root.js';
import { runPackage } from '../harness/runs/run-package.js';
import { runPackages } from '../harness/runs/run-packages.js';
import { runWfm } from '../harness/runs/run-wfm.js';
import { runDevice } from '../harness/runs/run-device.js';
import { runFleet } from '../harness/runs/run-fleet.js';
import { loadDeviceFeatures } from '../core/profiles/profile.js';
import { createHttpClient } from '../core/http/http-client.js';
import { createTestPki } from '../core/identity/index.js';
import { startWfm } from '../reference/wfm/start-wfm.js';
import { checkComposeFile, composeRules } from '../suites/compose/index.js';

const PACKAGES = 1000;
const CLI_RUNS = 7;

/** Writes `count` conformant packages below `work` (line-monitor with its id, version and a parameter varied) and returns their directories. */
function generatePackages(work: string, count: number): string[] {
  const base = fromPackageRoot('fixtures', 'packages', 'rc3', 'valid', 'line-monitor');
  const description = readFileSync(join(base, 'margo.yaml'), 'utf8');
  const dirs: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(work, `pkg-${String(i).padStart(4, '0')}`);
    cpSync(base, dir, { recursive: true });
    // Vary id, version and a parameter so no two packages are the same document.
    writeFileSync(
      join(dir, 'margo.yaml'),
      description.replace('id: com-brightfield-line-monitor', `id: com-brightfield-line-monitor-${i}`).replace('version: 2.4.1', `version: 2.4.${i}`).replace('value: 5', `value: ${(i % 60) + 1}`),
    );
    dirs.push(dir);
  }
  return dirs;
}

async function packageThroughput(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'margo-bench-'));
  try {
    const dirs = generatePackages(work, PACKAGES);
    const catalog = loadCatalog();
    const edition = EDITIONS['1.0.0-rc.3'];
    await runPackage({ path: dirs[0] as string, edition, catalog }); // warm-up: schema compilation
    let nonConformant = 0;
    const started = performance.now();
    for (const path of dirs) {
      const results = await runPackage({ path, edition, catalog });
      if (results.verdict !== 'conformant') nonConformant++;
    }
    const seconds = (performance.now() - started) / 1000;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    console.log(`package suite: ${PACKAGES} packages in ${seconds.toFixed(2)} s = ${Math.round(PACKAGES / seconds)} packages/s (one core), peak RSS ${peakMiB.toFixed(0)} MiB`);
    if (nonConformant > 0) throw new Error(`${nonConformant} generated packages were not conformant; the benchmark input is broken`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The CLI's start-up cost as a ratio to a bare `node -e 0`, measured side by side: each round runs the
 * three commands back to back, and the ratio is taken per round, so a machine that drifts (shared, busy)
 * moves both sides alike. The README quotes the median ratios.
 */
function cliWallTime(): void {
  const out = mkdtempSync(join(tmpdir(), 'margo-bench-cli-'));
  try {
    const bin = fromPackageRoot('dist', 'harness', 'cli', 'bin.js');
    const target = fromPackageRoot('fixtures', 'packages', 'rc3', 'valid', 'line-monitor');
    const timed = (args: string[]) => {
      const started = performance.now();
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
      return performance.now() - started;
    };
    const rounds = { bare: [] as number[], version: [] as number[], package: [] as number[], versionRatio: [] as number[], packageRatio: [] as number[] };
    timed([bin, 'package', target, '--out', out]); // warm-up: file cache
    for (let i = 0; i < CLI_RUNS; i++) {
      const bare = timed(['-e', '0']);
      const version = timed([bin, '--version']);
      const pkg = timed([bin, 'package', target, '--out', out]);
      rounds.bare.push(bare);
      rounds.version.push(version);
      rounds.package.push(pkg);
      rounds.versionRatio.push(version / bare);
      rounds.packageRatio.push(pkg / bare);
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
    console.log(`CLI start-up, median of ${CLI_RUNS} side-by-side rounds: node -e 0 ${median(rounds.bare).toFixed(0)} ms; --version ${median(rounds.version).toFixed(0)} ms = ${median(rounds.versionRatio).toFixed(1)}x; package (line-monitor, all reports) ${median(rounds.package).toFixed(0)} ms = ${median(rounds.packageRatio).toFixed(1)}x`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Packages per second through the CLI as a CI job runs it: one `package --recursive DIR` process over a
 * directory of generated packages, from process start to exit, all reports written (one results model).
 * Beside it, the same packages checked in this process without reports, just before: on a shared machine
 * the ratio of the two is the figure to compare between runs.
 */
async function cliRecursiveThroughput(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'margo-bench-recursive-'));
  const out = mkdtempSync(join(tmpdir(), 'margo-bench-recursive-out-'));
  try {
    const dirs = generatePackages(work, PACKAGES);
    const inProcessStarted = performance.now();
    await runPackages({ paths: dirs, edition: EDITIONS['1.0.0-rc.3'] });
    const inProcessSeconds = (performance.now() - inProcessStarted) / 1000;
    const bin = fromPackageRoot('dist', 'harness', 'cli', 'bin.js');
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, 'package', '--recursive', work, '--out', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`package --recursive exited ${run.status}: ${run.stderr.split('\n')[0]}`);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { packages?: unknown[] };
    if (results.packages?.length !== dirs.length) throw new Error(`package --recursive reported ${results.packages?.length} packages of ${dirs.length}`);
    console.log(
      `package --recursive through the CLI: ${dirs.length} packages in ${seconds.toFixed(2)} s = ${Math.round(dirs.length / seconds)} packages/s (one process, start-up and all reports included); ` +
        `checks alone in process ${Math.round(dirs.length / inProcessSeconds)} packages/s, CLI ${(seconds / inProcessSeconds).toFixed(1)}x their time`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

function composeThroughput(): void {
  const dir = fromPackageRoot('fixtures', 'compose', 'corpus');
  const texts = readdirSync(dir).sort().map((name) => readFileSync(join(dir, name), 'utf8'));
  const FILES = 1000;
  checkComposeFile(texts[0] as string, { level: 'restricted' }); // warm-up: rule table
  const started = performance.now();
  for (let i = 0; i < FILES; i++) checkComposeFile(`# ${i}\n${texts[i % texts.length]}`, { level: 'restricted' });
  const seconds = (performance.now() - started) / 1000;
  console.log(`compose rules: ${FILES} Compose files in ${seconds.toFixed(2)} s = ${Math.round(FILES / seconds)} files/s (one core, all ${composeRules().length} rules)`);
}

/** One full WFM-profile run per edition against the bundled reference WFM started as a local process. */
async function wfmProfile(): Promise<void> {
  for (const edition of [EDITIONS['1.0.0-rc.3'], EDITIONS['preview-1']]) {
    const started = performance.now();
    const results = await runWfm({ edition });
    const seconds = (performance.now() - started) / 1000;
    const decided = results.results.filter((r) => r.outcome !== 'skip').length;
    console.log(`WFM profile (${edition.id}, reference WFM as a process): ${seconds.toFixed(2)} s, ${results.results.length} check results (${decided} decided), verdict ${results.verdict}`);
  }
}

/** Sequential manifest GETs over one mutual-TLS connection: the suite's request throughput against the reference. */
async function wfmRequestThroughput(): Promise<void> {
  const REQUESTS = 1000;
  const pki = await createTestPki();
  const wfm = await startWfm({ edition: '1.0.0-rc.3', tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem }, rateLimit: false });
  const http = createHttpClient();
  try {
    const client = await pki.issueClient('bench');
    await http.request({ method: 'POST', url: `${wfm.controlUrl}/clients`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spiffeId: client.spiffeId }) });
    const identity = { certPem: client.certPem, keyPem: client.keyPem, caPem: pki.bundlePem };
    const get = () => http.request({ method: 'GET', url: `${wfm.url}/api/v1/deployments`, identity });
    await get();
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) await get();
    const seconds = (performance.now() - started) / 1000;
    console.log(`WFM requests (rc.3 manifest GET over mutual TLS, sequential): ${Math.round(REQUESTS / seconds)} requests/s`);
  } finally {
    await http.close();
    await wfm.close();
  }
}

/** One full device-profile run per profile and edition against the bundled reference device (a process per scenario). */
async function deviceProfiles(): Promise<void> {
  for (const profile of ['device-compose', 'device-helm']) {
    for (const edition of [EDITIONS['1.0.0-rc.3'], EDITIONS['preview-1']]) {
      const started = performance.now();
      const results = await runDevice({ profile, edition });
      const seconds = (performance.now() - started) / 1000;
      console.log(`device profile ${profile} (${edition.id}, reference device as processes): ${seconds.toFixed(2)} s, ${results.results.length} check results, verdict ${results.verdict}`);
    }
  }
  // The optional features add sessions of their own (a gateway with children, a trust bundle server).
  const features = loadDeviceFeatures().map((feature) => feature.id);
  const started = performance.now();
  const results = await runDevice({ profile: 'device-compose', edition: EDITIONS['1.0.0-rc.3'], features });
  const seconds = (performance.now() - started) / 1000;
  console.log(`device profile device-compose (1.0.0-rc.3, --feature ${features.join(',')}): ${seconds.toFixed(2)} s, ${results.results.length} check results, verdict ${results.verdict}`);
}

/**
 * Fleet load against the reference WFM as a process (memory-only state): throughput, the WFM's p99 as
 * devices see it, whether the simulator kept its schedule, and the CPU each side spent per 1,000
 * requests over the timed window with the load average then (on a shared machine those are what make a
 * throughput figure readable). The 10k preset (10,000 devices every 30 s, ~333 requests/s, 60 s) runs
 * only with BENCH_FLEET_10K=1: with enrolment it takes several minutes.
 */
async function fleetLoad(): Promise<void> {
  const sizes = [{ label: '1,000 devices every 10 s for 10 s', devices: 1000, pollIntervalMs: 10_000, durationMs: 10_000 }];
  if (process.env['BENCH_FLEET_10K'] === '1') sizes.push({ label: '10k preset: 10,000 devices every 30 s for 60 s', devices: 10_000, pollIntervalMs: 30_000, durationMs: 60_000 });
  for (const size of sizes) {
    const started = performance.now();
    const window: { wfmCpuMs?: number; load?: number[] } = {};
    let wfmAtStart: number | undefined;
    const results = await runFleet({
      edition: EDITIONS['1.0.0-rc.3'],
      devices: size.devices,
      pollIntervalMs: size.pollIntervalMs,
      durationMs: size.durationMs,
      onLoadWindow: (edge) => {
        if (edge === 'start') {
          wfmAtStart = childCpuMs('reference/wfm/main.js');
          return;
        }
        const atEnd = childCpuMs('reference/wfm/main.js');
        if (wfmAtStart !== undefined && atEnd !== undefined) window.wfmCpuMs = atEnd - wfmAtStart;
        window.load = loadavg();
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const figure = (name: string) => results.measurements?.figures.find((f) => f.name === name)?.value;
    const failing = results.requirements.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => `${r.id} ${r.outcome}`);
    const requests = figure('requests') ?? 0;
    // Milliseconds per request are seconds per 1,000 requests.
    const perThousand = (cpuMs: number | undefined) => (cpuMs === undefined || requests === 0 ? 'n/a' : `${(cpuMs / requests).toFixed(2)} s`);
    console.log(
      `fleet (${size.label}, rc.3, reference WFM as a process): ${figure('throughput')} requests/s, WFM p99 ${figure('latency p99')} ms, ` +
        `CPU per 1,000 requests: simulator ${perThousand(figure('simulator CPU'))}, WFM ${perThousand(window.wfmCpuMs)}; peak RSS ${figure('simulator peak RSS')} MiB, ` +
        `${figure('simulator behind schedule') ? 'simulator BEHIND schedule' : 'simulator on schedule'}, ${figure('missed polls')} missed polls, ` +
        `errors ${figure('errors')}, load average ${window.load?.map((l) => l.toFixed(1)).join(' ') ?? 'n/a'} at the end of the window, ` +
        `enrolment ${((figure('set-up') ?? 0) / 1000).toFixed(1)} s, total ${seconds.toFixed(0)} s, verdict ${results.verdict}${failing.length ? ` (${failing.join(', ')})` : ''}`,
    );
  }
}

/** CPU milliseconds (user + system) of this process's child whose command line contains `marker`, from Linux /proc; undefined elsewhere. */
function childCpuMs(marker: string): number | undefined {
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid ... utime (14th field) stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      const ticks = Number(fields[11]) + Number(fields[12]);
      return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

// USER_HZ: 100 on every Linux architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

// BENCH_ONLY=fleet runs the fleet figures alone; BENCH_ONLY=cli-recursive the CLI throughput alone.
if (process.env['BENCH_ONLY'] === 'cli-recursive') {
  await cliRecursiveThroughput();
  process.exit(0);
}
if (process.env['BENCH_ONLY'] !== 'fleet') {
  await packageThroughput();
  cliWallTime();
  await cliRecursiveThroughput();
  composeThroughput();
  await wfmProfile();
  await wfmRequestThroughput();
  await deviceProfiles();
}
await fleetLoad();
