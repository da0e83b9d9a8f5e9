import type { Edition } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { Catalog } from '../../core/catalog/types.js';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { loadOrCreateStablePki } from '../../core/identity/stable-pki.js';
import { fromPackageRoot } from '../../core/package-root.js';
import type { Profile } from '../../core/profiles/profile.js';
import { assembleResults } from '../../core/results/assemble-results.js';
import { internalError } from '../../core/results/internal-error.js';
import type { CheckResult, HttpExchange, RunError, RunResults, TrafficRecord } from '../../core/results/model.js';
import { worstOutcome, type Outcome } from '../../core/results/outcome.js';
import { runChecks } from '../../core/runner/run-checks.js';
import { simulateFleet, type FleetSimulation } from '../../instruments/fleet-simulator/index.js';
import { FLEET_CHECKS, type FleetContext } from '../../suites/fleet/index.js';
import { createLocalProcessLauncher, LaunchError, type LaunchedSut, type Launcher } from '../launch/index.js';
import { applyObjectives, decideObjectives, fleetMeasurements, mergeMeasurements, type ServiceObjective } from './fleet-measurements.js';
import { shellQuote } from './reproduce-command.js';

export interface FleetRunOptions {
  edition: Edition;
  target?: string;
  control?: string;
  pkiDir?: string;
  /** A PKI in memory instead of `pkiDir` (shards started by one test share it). */
  pki?: TestPki;
  sutCommand?: string;
  faults?: string[];
  launcher?: (pki: TestPki) => Launcher;
  /** @default 100 */
  devices?: number;
  /** @default 30000 */
  pollIntervalMs?: number;
  /** @default 60000 */
  durationMs?: number;
  /** @default 0 (first polls spread over one interval) */
  rampMs?: number;
  /** @default 'keep-alive' */
  connections?: 'keep-alive' | 'per-poll';
  /** @default 'fleet' */
  seed?: string;
  shard?: { index: number; count: number };
  sampleShare?: number;
  /** See FleetSimulationOptions.lagLimitMs. */
  lagLimitMs?: number;
  slo?: ServiceObjective[];
  command?: string;
  catalog?: Catalog;
  now?: () => Date;
  /** Sees the raw simulation (which devices were simulated and polled) before it becomes results; for tests. */
  observe?: (simulation: FleetSimulation) => void;
  /** Told when the timed load starts and ends (the bench measures the WFM's CPU over that window). */
  onLoadWindow?: (edge: 'start' | 'end') => void;
}

/** The fleet "profile": not a product class of its own, the WFM's obligations that only load reveals. */
export const FLEET_PROFILE: Profile = {
  id: 'fleet',
  title: 'Workload Fleet Manager under fleet load',
  description: 'Correctness of the management API while a simulated fleet polls it.',
  subjects: ['wfm'],
  checks: [],
};

/** Runs a simulated fleet (or one shard of it) against a launched or given WFM; never throws for a faulty WFM. */
const SIMULATOR_BEHIND = 'The fleet simulator fell behind its own schedule, so the WFM saw less load than configured and latency figures include the simulator\'s delay; no verdict on the WFM. Run fewer devices per process, or shard (--shard i/N).';

export async function runFleet(options: FleetRunOptions): Promise<RunResults> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const catalog = options.catalog ?? loadCatalog();
  const declared = new Set(FLEET_CHECKS.flatMap((c) => c.requirements));
  const scope = catalog.requirements.filter((r) => declared.has(r.id) && r.editions.includes(options.edition.id));
  const errors: RunError[] = [];
  const traffic: TrafficRecord[] = [];
  let results: CheckResult[] = [];
  let measurements: RunResults['measurements'];
  const pki = options.pki ?? (options.pkiDir ? (await loadOrCreateStablePki(options.pkiDir)).pki : await createTestPki());
  const launcher = options.target ? undefined : (options.launcher?.(pki) ?? defaultLauncher(options, pki));
  let location = options.target ?? launcher?.describe() ?? '';
  let launched: LaunchedSut | undefined;
  try {
    launched = launcher ? await launcher.start() : undefined;
    const url = (options.target ?? launched?.url ?? '').replace(/\/+$/, '');
    const controlUrl = options.control ?? launched?.controlUrl;
    if (!controlUrl) throw new LaunchError('A fleet run needs the control adapter to accept its devices. Give --control URL.', '');
    location = options.target ?? `${launcher?.describe() ?? ''} (${url})`;
    const simulation = await simulateFleet({
      edition: options.edition,
      url,
      controlUrl,
      pki,
      devices: options.devices ?? 100,
      seed: options.seed ?? 'fleet',
      pollIntervalMs: options.pollIntervalMs ?? 30_000,
      durationMs: options.durationMs ?? 60_000,
      rampMs: options.rampMs ?? 0,
      connections: options.connections ?? 'keep-alive',
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.sampleShare !== undefined ? { sampleShare: options.sampleShare } : {}),
      ...(options.lagLimitMs !== undefined ? { lagLimitMs: options.lagLimitMs } : {}),
      ...(options.onLoadWindow ? { onLoadWindow: options.onLoadWindow } : {}),
    });
    options.observe?.(simulation);
    const cited = new Map<HttpExchange, string>();
    const context: FleetContext = {
      simulation,
      scope: new Set(scope.map((r) => r.id)),
      cite(exchange, check) {
        let id = cited.get(exchange);
        if (!id) {
          id = `t-${String(traffic.length + 1).padStart(6, '0')}`;
          cited.set(exchange, id);
          traffic.push({ ...exchange, id, check });
        }
        return id;
      },
    };
    results = await runChecks({ checks: FLEET_CHECKS, context, inScope: context.scope });
    measurements = fleetMeasurements(simulation);
    // A load generator that fell behind offered less than the configured load, and its lag shows up as the
    // WFM's latency: the run proves nothing either way, so it is an error, never a verdict on the WFM.
    if (simulation.behind) errors.push({ message: SIMULATOR_BEHIND });
  } catch (cause) {
    errors.push(cause instanceof LaunchError ? { message: cause.message } : internalError(cause));
  } finally {
    await launched?.stop();
  }
  const assembled = assembleResults({
    edition: options.edition,
    profile: FLEET_PROFILE,
    areas: catalog.areas,
    scope,
    subject: { kind: 'wfm', location },
    results,
    errors,
    startedAt,
    finishedAt: now(),
    command: options.command ?? reproduceCommand(options),
    config: configOf(options),
  });
  const withTraffic: RunResults = { ...assembled, traffic, ...(measurements ? { measurements } : {}) };
  return measurements ? applyObjectives(withTraffic, decideObjectives(measurements, options.slo ?? [])) : withTraffic;
}

/**
 * Combines shard results into one: traffic ids renamed per shard, each requirement's checks folded (a
 * violation anywhere fails; a pass in any shard decides a row other shards could not observe), and the
 * measurements merged exactly.
 */
export function mergeFleetResults(parts: readonly RunResults[], options: { slo?: ServiceObjective[]; catalog?: Catalog; command?: string } = {}): RunResults {
  const first = parts[0];
  if (!first) throw new Error('merge needs at least one results.json');
  const catalog = options.catalog ?? loadCatalog();
  const edition = { id: first.edition.id, title: first.edition.title } as Edition;
  const traffic: TrafficRecord[] = [];
  const byKey = new Map<string, CheckResult[]>();
  parts.forEach((part, shard) => {
    const rename = (id: string) => `s${shard}-${id}`;
    for (const record of part.traffic ?? []) traffic.push({ ...record, id: rename(record.id) });
    for (const result of part.results) {
      const renamed: CheckResult = {
        ...result,
        findings: result.findings.map((f) => ({ ...f, ...(f.observed ? { observed: f.observed.map((o) => (o.kind === 'traffic' ? { ...o, id: rename(o.id) } : o)) } : {}) })),
        ...(result.observed ? { observed: result.observed.map((o) => (o.kind === 'traffic' ? { ...o, id: rename(o.id) } : o)) } : {}),
      };
      const key = `${result.requirement}\0${result.check}`;
      byKey.set(key, [...(byKey.get(key) ?? []), renamed]);
    }
  });
  const results = [...byKey.values()].map((group) => {
    const outcome = mergedOutcome(group.map((r) => r.outcome));
    const kept = group.filter((r) => r.outcome === outcome);
    const head = kept[0] as CheckResult;
    return { ...head, outcome, findings: kept.flatMap((r) => r.findings), durationMs: Math.max(...group.map((r) => r.durationMs)) };
  });
  const scopeIds = new Set(first.requirements.map((r) => r.id));
  const assembled = assembleResults({
    edition: { ...edition, ...catalogEdition(first) } as Edition,
    profile: FLEET_PROFILE,
    areas: catalog.areas,
    scope: catalog.requirements.filter((r) => scopeIds.has(r.id)),
    subject: first.subject,
    results,
    // A shard's errors (its simulator falling behind among them) are the merged run's.
    errors: parts.flatMap((p) => p.errors),
    startedAt: new Date(Math.min(...parts.map((p) => Date.parse(p.run.startedAt)))),
    finishedAt: new Date(Math.max(...parts.map((p) => Date.parse(p.run.finishedAt)))),
    command: options.command ?? 'margo-conformance merge',
    config: { ...first.config, merged: parts.length },
  });
  const withParts = parts.filter((p) => p.measurements);
  if (withParts.length === 0) return { ...assembled, traffic };
  const measurements = mergeMeasurements(withParts.map((p) => p.measurements as NonNullable<RunResults['measurements']>));
  const slo = options.slo ?? (first.measurements?.objectives ?? []).map(({ id, target }) => ({ id, target }));
  return applyObjectives({ ...assembled, traffic, measurements }, decideObjectives(measurements, slo));
}

// A failure anywhere fails; then an error; then a pass in any shard decides (others may not have seen the case).
function mergedOutcome(outcomes: Outcome[]): Outcome {
  for (const o of ['fail', 'error', 'pass', 'waived'] as const) if (outcomes.includes(o)) return o;
  return worstOutcome(outcomes);
}

function catalogEdition(results: RunResults): Pick<Edition, 'id' | 'title'> {
  return { id: results.edition.id, title: results.edition.title };
}

function defaultLauncher(options: FleetRunOptions, pki: TestPki): Launcher {
  const command = options.sutCommand ?? [process.execPath, fromPackageRoot('dist', 'reference', 'wfm', 'main.js')];
  // Memory-only state: the reference WFM writes its whole state file on every change, which a fleet turns into the bottleneck.
  // Idle connections kept past the poll interval and the enrolment, as a WFM serving a polling fleet keeps them:
  // with Node's 5 s every poll would be a new TLS handshake, whatever the devices' connection policy.
  const keepAlive = String(Math.ceil(Math.max(600_000, 2 * (options.pollIntervalMs ?? 30_000)) / 1000));
  return createLocalProcessLauncher({ command, edition: options.edition.id, pki, ...(options.faults ? { faults: options.faults } : {}), ...(options.sutCommand ? {} : { extraEnv: { MARGO_STATE_DIR: '', MARGO_KEEP_ALIVE: keepAlive } }) });
}

function configOf(options: FleetRunOptions): Record<string, unknown> {
  return {
    specVersion: options.edition.id,
    devices: options.devices ?? 100,
    pollIntervalMs: options.pollIntervalMs ?? 30_000,
    durationMs: options.durationMs ?? 60_000,
    rampMs: options.rampMs ?? 0,
    connections: options.connections ?? 'keep-alive',
    seed: options.seed ?? 'fleet',
    ...(options.shard ? { shard: `${options.shard.index}/${options.shard.count}` } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.control ? { control: options.control } : {}),
    ...(options.pkiDir ? { pki: options.pkiDir } : {}),
    ...(options.faults && options.faults.length > 0 ? { faults: options.faults } : {}),
    ...(options.slo ? { slo: options.slo.map((o) => `${o.id}=${o.target}`).join(',') } : {}),
  };
}

function reproduceCommand(options: FleetRunOptions): string {
  const args = ['margo-conformance', 'fleet', '--spec-version', options.edition.id, '--devices', String(options.devices ?? 100), '--poll-interval', `${options.pollIntervalMs ?? 30_000}ms`, '--duration', `${options.durationMs ?? 60_000}ms`];
  if (options.rampMs) args.push('--ramp', `${options.rampMs}ms`);
  if (options.connections) args.push('--connections', options.connections);
  if (options.seed) args.push('--seed', options.seed);
  if (options.shard) args.push('--shard', `${options.shard.index}/${options.shard.count}`);
  if (options.target) args.push('--target', options.target);
  if (options.control) args.push('--control', options.control);
  if (options.pkiDir) args.push('--pki', options.pkiDir);
  if (options.slo) args.push('--slo', options.slo.map((o) => `${o.id}=${o.target}`).join(','));
  return args.map(shellQuote).join(' ');
}
