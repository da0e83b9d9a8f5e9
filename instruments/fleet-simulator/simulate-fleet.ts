import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parse } from 'yaml';
import type { Edition } from '../../core/catalog/editions.js';
import type { TestPki } from '../../core/identity/index.js';
import { fromPackageRoot } from '../../core/package-root.js';
import { apiFacts } from '../../core/protocol/api-facts.js';
import { createFleetControl } from './fleet-control.js';
import { createDeviceTransport, createServerVerifier, deviceSecureContext, DeviceTransportError, signerOf, type DeviceResponse, type DeviceTransport, type FleetDevice } from './fleet-device.js';
import { createFleetMetrics, createHistogram, recordMicros, type FleetBucket, type FleetMetrics, type FleetOperation } from './fleet-metrics.js';
import { createFleetObservations, type FleetObservations } from './fleet-observations.js';
import { createRandom, seededFraction, shardOf } from './fleet-schedule.js';
import { createPollQueue } from './poll-queue.js';

export interface FleetSimulationOptions {
  edition: Edition;
  /** `https://host:port` of the management API. */
  url: string;
  controlUrl: string;
  pki: TestPki;
  /** Devices in the whole fleet, over all shards. */
  devices: number;
  /** This process simulates shard `index` of `count` (0-based). @default { index: 0, count: 1 } */
  shard?: { index: number; count: number };
  /** Fixes device names, shards, sampling and schedules: shards of one fleet share it. */
  seed: string;
  pollIntervalMs: number;
  durationMs: number;
  /** First polls spread over this long; 0 spreads them over one poll interval. */
  rampMs: number;
  connections: 'keep-alive' | 'per-poll';
  /** Share of devices whose deployments the control adapter assigns, updates and removes during the run. @default 0.1 */
  sampleShare?: number;
  /**
   * Start lag (p99) past which the simulator counts as behind its schedule and the run decides nothing about
   * the WFM's load behaviour. Tests of correctness with a small fleet on a shared machine raise it. @default 100
   */
  lagLimitMs?: number;
  /**
   * How soon after a control change (the adapter's answer) a device must see it. A device polls at least once
   * an interval, and the WFM has accepted the change, so one interval and a second are enough; it also leaves
   * the 10k preset (30 s polls, 60 s) half its run to judge convergence. @default 1 poll interval + 1 s
   */
  convergenceMs?: number;
  /** Per request. @default 5000 */
  timeoutMs?: number;
  /** Told when the timed load starts and ends, so a caller can measure other processes over the same window (the bench: the WFM's CPU). */
  onLoadWindow?: (edge: 'start' | 'end') => void;
}

export interface FleetSimulation {
  devices: FleetDevice[];
  /** Names of devices that completed at least one manifest poll. */
  polled: string[];
  metrics: FleetMetrics;
  observations: FleetObservations;
  /** Control changes made, and how many devices they touched. */
  changes: { create: number; update: number; delete: number };
  /** The simulator could not keep to its schedule: its numbers say nothing about the WFM. */
  behind: boolean;
  notes: string[];
}

interface DeviceRun {
  device: FleetDevice;
  transport: DeviceTransport;
  random: () => number;
  etag?: string;
  cachedIds: string[];
  capabilitiesSent: boolean;
  fetched: Set<string>;
  bundleDigest?: string;
  /** Deployment id -> digest already reported on. */
  reported: Map<string, string>;
  inFlight: boolean;
  retryUntil: number;
  /** Assigned through the control adapter: now, and ever. */
  expected: Set<string>;
  ever: Set<string>;
  changedAt: number;
  confirmed: boolean;
  /** A control call for this device is in flight: what the WFM serves meanwhile is not judged. */
  changing: boolean;
  /** A control call failed: the desired state is unknown, so only "never another device's" is judged. */
  uncertain: boolean;
  lastAccepted: Map<string, { body: unknown; exchange: () => import('../../core/results/model.js').HttpExchange }>;
  /** Status reports sent after the last accepted one that got no answer: the WFM may have recorded them, or not. */
  unanswered: Map<string, string[]>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
// Behind schedule: p99 of start lag above this (lagLimitMs).
const LAG_LIMIT_MS = 100;
// A device keeps its connection while the WFM lets it (the WFM's Keep-Alive timeout, if shorter, wins).
const DEVICE_KEEP_ALIVE_MS = 10 * 60_000;
// Devices enrolling at once: enough to keep the WFM and the simulator busy on two cores.
const ENROL_WIDTH = 32;

/** Runs one shard of a simulated fleet against a WFM: set-up, the open-loop poll schedule, control churn, verdict data. */
export async function simulateFleet(options: FleetSimulationOptions): Promise<FleetSimulation> {
  const { edition, seed } = options;
  const shard = options.shard ?? { index: 0, count: 1 };
  const api = edition.api;
  const facts = apiFacts(edition);
  const control = createFleetControl(options.controlUrl);
  const metrics = createFleetMetrics();
  const observations = createFleetObservations();
  const notes: string[] = [];
  const timeoutMs = options.timeoutMs ?? 5000;
  const convergenceMs = options.convergenceMs ?? options.pollIntervalMs + 1000;
  const sampleShare = options.sampleShare ?? 0.1;
  let runStart = performance.now();
  const now = () => performance.now() - runStart;

  // Set-up: identities, acceptance, the package. Not timed: it is the fleet's enrolment, not its load.
  const indexes = Array.from({ length: options.devices }, (_, i) => i).filter((i) => shardOf(seed, i, shard.count) === shard.index);
  const devices: FleetDevice[] = [];
  const setupStarted = performance.now();
  const nameOf = (index: number) => `${seed}-d${index}`.replace(/[^A-Za-z0-9._-]/g, '-');
  // rc.3: every device its own key and SVID, issued in batches (about 1 ms each) between which timers may run.
  const svids = new Map<number, import('../../core/identity/index.js').Svid>();
  if (api.auth === 'mtls') {
    for (let at = 0; at < indexes.length; at += 250) {
      const batch = indexes.slice(at, at + 250);
      options.pki.issueClients(batch.map(nameOf)).forEach((svid, i) => svids.set(batch[i] as number, svid));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  for (const index of indexes) {
    const name = nameOf(index);
    const sampled = seededFraction(seed, index, 'sample') < sampleShare;
    const svid = svids.get(index);
    if (svid) {
      devices.push({ index, name, deviceId: `dev-${index}`, ref: svid.spiffeId, certPem: svid.certPem, keyPem: svid.keyPem, sampled });
    } else {
      const certificate = await options.pki.issueClientCertificate(name);
      devices.push({ index, name, deviceId: `dev-${index}`, ref: '', certPem: certificate.certPem, keyPem: certificate.keyPem, signer: signerOf(certificate.certPem, certificate.keyPem, certificate.publicKeyPem), sampled });
    }
  }
  await control.acceptClients(devices.map((d) => (api.auth === 'mtls' ? { spiffeId: d.ref } : { certificatePem: d.certPem })));
  const yaml = readFileSync(fromPackageRoot(facts.packageFixture), 'utf8');
  const applicationId = await control.loadPackage(yaml);
  const profile = (parse(yaml) as { deploymentProfiles: { id: string; components: { name: string }[] }[] }).deploymentProfiles[0];
  if (!profile) throw new Error(`${facts.packageFixture} has no deployment profile`);
  const components = profile.components.map((c) => c.name);

  /** The timed load has started: requests, handshakes and latencies count from here on. */
  let loading = false;
  // TLS contexts at each device's first connection (its own SVID and key per rc.3 device; one shared context in preview-1).
  const verifyServer = createServerVerifier(options.pki.bundlePem);
  const sharedContext = api.auth === 'mtls' ? undefined : deviceSecureContext({ ...(devices[0] as FleetDevice), keyPem: undefined }, edition);
  const runs: DeviceRun[] = devices.map((device) => ({
    device,
    transport: createDeviceTransport(device, {
      verifyServer,
      secureContext: () => sharedContext ?? deviceSecureContext(device, edition),
      edition,
      origin: options.url,
      caPem: options.pki.bundlePem,
      connections: options.connections,
      keepAliveMs: Math.max(options.pollIntervalMs * 2, DEVICE_KEEP_ALIVE_MS),
      timeoutMs,
      maxBodyBytes: MAX_BODY_BYTES,
      now,
      onHandshake: () => {
        if (!loading) return;
        metrics.counters.handshakes += 1;
        metrics.bucket(now()).handshakes += 1;
      },
    }),
    random: createRandom(Math.floor(seededFraction(seed, device.index, 'jitter') * 2 ** 32)),
    cachedIds: [],
    capabilitiesSent: false,
    fetched: new Set(),
    reported: new Map(),
    inFlight: false,
    retryUntil: 0,
    expected: new Set(),
    ever: new Set(),
    changedAt: -Infinity,
    confirmed: true,
    changing: false,
    uncertain: false,
    lastAccepted: new Map(),
    unanswered: new Map(),
  }));

  // Enrolment requests are judged like any other but counted apart: they are not the load.
  const enrolmentTally = {
    counters: { ...metrics.counters },
    bucket: { requests: 0, errors: 0, rateLimited: 0, serverErrors: 0, handshakes: 0, latency: createHistogram() } as FleetBucket,
  };

  const path = (template: string, device: FleetDevice, params: Record<string, string> = {}) =>
    template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(({ clientId: device.clientId ?? '', deviceId: device.deviceId, ...params } as Record<string, string>)[key] ?? ''));
  const pathOf = (url: string) => {
    try {
      const parsed = new URL(url, options.url);
      return `${parsed.pathname}${parsed.search}`;
    } catch {
      return url;
    }
  };

  /** Counts one response, judges what every response must keep (no 5xx; Retry-After on 429/503) and returns it. */
  const send = async (run: DeviceRun, operation: FleetOperation, request: Parameters<DeviceTransport['request']>[0]): Promise<DeviceResponse | undefined> => {
    const { counters, bucket } = loading ? { counters: metrics.counters, bucket: metrics.bucket(now()) } : enrolmentTally;
    counters.requests += 1;
    bucket.requests += 1;
    let response: DeviceResponse;
    try {
      response = await run.transport.request(request);
    } catch (cause) {
      counters.errors += 1;
      bucket.errors += 1;
      if (cause instanceof DeviceTransportError) notes.length < 5 && !notes.includes(cause.message) && notes.push(`A device request got no answer: ${cause.message}.`);
      return undefined;
    }
    recordMicros(loading ? metrics.latency[operation] : metrics.enrolment, response.micros);
    recordMicros(bucket.latency, response.micros);
    const { status } = response;
    if (status >= 400 && status !== 404) {
      counters.errors += 1;
      bucket.errors += 1;
    }
    if (status === 429 || status === 503) {
      if (status === 429) {
        counters.rateLimited += 1;
        bucket.rateLimited += 1;
      }
      const seconds = Number(response.headers['retry-after']);
      if (Number.isFinite(seconds) && seconds >= 0) {
        observations.kept('ERR-006', response.exchange);
        run.retryUntil = now() + seconds * 1000;
        counters.retryAfterWaits += 1;
      } else {
        observations.broken('ERR-006', run.device.name, `${request.method} ${request.path} answered ${status} without a Retry-After in seconds (ERR-006). Send Retry-After with every 429 and 503.`, response.exchange);
      }
    }
    if (status >= 500 && !(status === 503 && response.headers['retry-after'])) {
      counters.serverErrors += 1;
      bucket.serverErrors += 1;
      observations.broken('API-001', run.device.name, `${request.method} ${request.path} answered ${status} under fleet load (API-001). A WFM under load answers, or sheds load with 429/503 and Retry-After.`, response.exchange);
    } else {
      observations.kept('API-001', response.exchange);
    }
    return response;
  };

  /** Deployment id -> the device it was created for (foreign means: known to be another's). */
  const owners = new Map<string, DeviceRun>();
  const ownState = (run: DeviceRun, ids: string[], started: number, response: DeviceResponse, what: string, late = 'DS-030') => {
    // While the control adapter is creating this device's deployment, its id is not known yet: only ids
    // known to belong to another device are foreign then, and nothing else is judged.
    const changing = run.changing;
    const foreign = ids.filter((id) => !run.ever.has(id) && (!changing || owners.has(id)));
    const device = run.device.name;
    if (foreign.length > 0) {
      for (const requirement of ['DS-030', 'ID-003']) {
        observations.broken(requirement, device, `GET ${what} for device ${device} listed deployment(s) ${foreign.join(', ')} that were never assigned to it: another client's desired state (${requirement}). Key every desired-state cache by the client.`, response.exchange);
      }
      return;
    }
    if (changing || run.uncertain) return;
    const exact = ids.length === run.expected.size && ids.every((id) => run.expected.has(id));
    if (!exact && started > run.changedAt + convergenceMs) {
      observations.broken(late, device, `GET ${what} for device ${device} listed [${ids.join(', ')}] ${Math.round(started - run.changedAt)} ms after the control adapter set [${[...run.expected].join(', ')}]; expected within ${convergenceMs} ms (${late}). Serve each client its current desired state.`, response.exchange);
      return;
    }
    if (exact) run.confirmed = true;
    observations.kept('DS-030', response.exchange);
    observations.kept('ID-003', response.exchange);
  };

  const reportCapabilities = async (run: DeviceRun) => {
    const { method } = api.capabilities.create;
    const response = await send(run, 'capabilities', { method, path: path(api.paths.capabilities, run.device), json: facts.capabilities(run.device.deviceId) });
    if (response && response.status >= 200 && response.status <= 299) run.capabilitiesSent = true;
  };

  const cycle = async (run: DeviceRun) => {
    const { device } = run;
    if (!run.capabilitiesSent) {
      await reportCapabilities(run);
      if (!run.capabilitiesSent) return;
    }
    const started = now();
    metrics.counters.polls += 1;
    const manifestPath = path(api.paths.deployments, device);
    const response = await send(run, 'manifest', { method: 'GET', path: manifestPath, headers: { accept: facts.manifestMediaType, ...(run.etag ? { 'if-none-match': run.etag } : {}) } });
    if (!response) return;
    if (response.status === 304) {
      if (!run.etag) {
        observations.broken('DS-007', device.name, `GET ${manifestPath} answered 304 to a request without If-None-Match (DS-007).`, response.exchange);
        return;
      }
      observations.kept('DS-007', response.exchange);
      ownState(run, run.cachedIds, started, response, `${manifestPath} (304 for the cached manifest)`, 'DS-007');
      return;
    }
    if (response.status !== 200) return;
    const etag = response.headers['etag'];
    const digest = `"sha256:${createHash('sha256').update(response.body).digest('hex')}"`;
    if (etag !== digest) {
      observations.broken('DS-005', device.name, `GET ${manifestPath} for device ${device.name} answered ETag ${etag ?? '(none)'} over a body whose digest is ${digest} (DS-005). Compute the ETag from the exact body sent to this client.`, response.exchange);
    } else {
      observations.kept('DS-005', response.exchange);
    }
    if (run.etag !== undefined && etag === run.etag) {
      observations.broken('DS-007', device.name, `GET ${manifestPath} answered 200 although If-None-Match ${run.etag} matched its current ETag; expected 304 (DS-007).`, response.exchange);
    }
    let manifest: { manifestVersion?: unknown; deployments?: { deploymentId?: unknown; digest?: unknown; url?: unknown }[]; bundle?: { digest?: unknown; url?: unknown } | null };
    try {
      manifest = JSON.parse(response.body.toString('utf8')) as typeof manifest;
    } catch {
      return;
    }
    const refs = (Array.isArray(manifest.deployments) ? manifest.deployments : []).filter((r) => typeof r.deploymentId === 'string' && typeof r.digest === 'string' && typeof r.url === 'string') as { deploymentId: string; digest: string; url: string }[];
    const ids = refs.map((r) => r.deploymentId);
    ownState(run, ids, started, response, manifestPath);
    if (etag) {
      run.etag = etag;
      run.cachedIds = ids;
    }
    if (ids.some((id) => !run.ever.has(id))) return;
    for (const ref of refs) {
      if (!run.fetched.has(ref.digest)) {
        const document = await send(run, 'deployment', { method: 'GET', path: pathOf(ref.url) });
        if (document?.status === 200) {
          run.fetched.add(ref.digest);
          const target = api.deploymentDocument.deviceIdPointer ? /deviceId:\s*["']?([^"'\s]+)/.exec(document.body.toString('utf8'))?.[1] : undefined;
          if (api.deploymentDocument.deviceIdPointer && target !== device.deviceId) {
            observations.broken('DS-030', device.name, `GET ${pathOf(ref.url)} for device ${device.deviceId} served a deployment whose metadata.deviceId is ${target ?? '(none)'} (DS-030).`, document.exchange);
          }
        }
      }
      if (run.reported.get(ref.deploymentId) === ref.digest) continue;
      for (const state of ['installing', 'installed']) {
        const body = facts.status({ deploymentId: ref.deploymentId, manifestVersion: Number(manifest.manifestVersion ?? 1), state, components });
        const statusPath = path(api.paths.status, device, { deploymentId: ref.deploymentId });
        const answer = await send(run, 'status', { method: 'POST', path: statusPath, json: body });
        if (!answer) {
          run.unanswered.set(ref.deploymentId, [...(run.unanswered.get(ref.deploymentId) ?? []), JSON.stringify(body)]);
          return;
        }
        if (answer.status === api.statusReport.create || answer.status === api.statusReport.update) {
          observations.kept('ST-009', answer.exchange);
          run.lastAccepted.set(ref.deploymentId, { body, exchange: answer.exchange });
          run.unanswered.delete(ref.deploymentId);
        } else if (answer.status !== 429 && answer.status !== 503 && answer.status !== 404) {
          observations.broken('ST-009', device.name, `POST ${statusPath} answered ${answer.status} to a valid status report under fleet load; expected ${api.statusReport.create} or ${api.statusReport.update} (ST-009).`, answer.exchange);
          return;
        } else return;
      }
      run.reported.set(ref.deploymentId, ref.digest);
    }
    const bundle = manifest.bundle;
    if (bundle && typeof bundle.digest === 'string' && typeof bundle.url === 'string' && bundle.digest !== run.bundleDigest) {
      const answer = await send(run, 'bundle', { method: 'GET', path: pathOf(bundle.url) });
      if (answer?.status === 200) run.bundleDigest = bundle.digest;
    }
  };

  // Enrolment, a device at a time on its own connection as fast as the WFM answers: preview-1 onboarding with
  // its own certificate, signed with its own key (ONB-003), then its first capabilities report. Under
  // keep-alive the connection stays open for the load, as a device's would: the timed load is the fleet
  // polling, not ten thousand TLS handshakes at once.
  await inBatches(runs, ENROL_WIDTH, async (run) => {
    if (api.paths.onboarding) {
      const response = await run.transport.request({ method: 'POST', path: api.paths.onboarding, json: { apiVersion: facts.onboardingApiVersion, kind: 'OnboardingRequest', certificate: Buffer.from(run.device.certPem).toString('base64') } });
      recordMicros(metrics.enrolment, response.micros);
      const clientId = response.status === 201 ? (JSON.parse(response.body.toString('utf8')) as { clientId?: string }).clientId : undefined;
      if (!clientId) throw new Error(`Onboarding simulated device ${run.device.name} failed: POST ${api.paths.onboarding} answered ${response.status}. The fleet cannot run without accepted devices.`);
      run.device.clientId = clientId;
      run.device.ref = clientId;
    }
    await reportCapabilities(run);
    await run.transport.release();
  });
  const unenrolled = runs.filter((r) => !r.capabilitiesSent).length;
  if (unenrolled > 0) notes.push(`${unenrolled} device(s) had no capabilities report accepted at enrolment (${enrolmentTally.counters.errors} enrolment request(s) failed or were refused); they reported again in their first poll cycle.`);

  // The open-loop schedule: each device's polls are planned from the previous plan, not from when the
  // previous cycle ended, so a slow WFM does not slow the arrivals down (it shows as missed polls).
  metrics.setupMs = performance.now() - setupStarted;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuStart = process.cpuUsage();
  const loadStart = performance.now();
  // A Retry-After received at enrolment still holds, on the load's clock.
  for (const run of runs) run.retryUntil = Math.max(0, run.retryUntil - (loadStart - runStart));
  runStart = loadStart;
  loading = true;
  options.onLoadWindow?.('start');
  const stopAt = options.durationMs;
  const active = new Set<Promise<void>>();
  const queue = createPollQueue<DeviceRun>();
  const fire = (run: DeviceRun, at: number) => {
    const fired = now();
    recordMicros(metrics.scheduleLag, Math.max(0, fired - at) * 1000 + 1);
    const jitter = 1 + (run.random() - 0.5) * 0.2;
    let next = at + options.pollIntervalMs * jitter;
    if (run.retryUntil > next) next = run.retryUntil;
    if (run.inFlight) metrics.counters.missedPolls += 1;
    else if (run.retryUntil <= fired) {
      run.inFlight = true;
      const going = cycle(run)
        .catch((cause: unknown) => void (notes.length < 5 && notes.push(`A simulated device cycle failed: ${(cause as Error).message}.`)))
        .finally(() => {
          run.inFlight = false;
          active.delete(going);
          return run.transport.release();
        });
      active.add(going);
    }
    if (next < stopAt) queue.add(next, run);
  };
  // One timer for the whole fleet, set to the earliest planned poll.
  let timer: NodeJS.Timeout | undefined;
  const wake = () => {
    for (const { at, item } of queue.due(now())) fire(item, at);
    const next = queue.next();
    timer = next === undefined ? undefined : setTimeout(wake, Math.max(0, next - now()));
  };
  const spread = options.rampMs > 0 ? options.rampMs : options.pollIntervalMs;
  for (const run of runs) queue.add(seededFraction(seed, run.device.index, 'phase') * spread, run);
  wake();

  // Control churn on the sampled devices: assign, update, remove, each while there is time to see it.
  const sampled = runs.filter((r) => r.device.sampled);
  const changes = { create: 0, update: 0, delete: 0 };
  const last = Math.max(0, stopAt - convergenceMs);
  const steps: { at: number; kind: 'create' | 'update' | 'delete' }[] = [
    { at: Math.min(options.rampMs, last / 4), kind: 'create' },
    { at: Math.min(options.rampMs, last / 4) + (last - Math.min(options.rampMs, last / 4)) / 2, kind: 'update' },
    { at: last, kind: 'delete' },
  ];
  const deploymentOf = new Map<DeviceRun, string>();
  let controlFailures = 0;
  let firstControlFailure = '';
  const churn = (async () => {
    for (const step of steps) {
      await sleep(step.at - now());
      for (const run of sampled) {
        if (now() >= stopAt) break;
        const id = deploymentOf.get(run);
        if (step.kind !== 'create' && !id) continue;
        run.changing = true;
        try {
          if (step.kind === 'create') {
            const deploymentId = await control.createDeployment({ client: run.device.ref, deviceId: run.device.deviceId, applicationId, profileId: profile.id });
            deploymentOf.set(run, deploymentId);
            owners.set(deploymentId, run);
            run.ever.add(deploymentId);
            run.expected = new Set([deploymentId]);
          } else if (id && step.kind === 'update') {
            await control.updateDeployment(id, { opcEndpoint: `opc.tcp://plc-${run.device.index}.local:4840` });
          } else if (id && step.kind === 'delete') {
            await control.deleteDeployment(id);
            run.expected = new Set();
          }
          run.changedAt = now();
          run.confirmed = false;
          changes[step.kind] += 1;
        } catch (cause) {
          // The control adapter is the harness's side; its failure says nothing about the API under test.
          run.uncertain = true;
          controlFailures += 1;
          if (controlFailures === 1) firstControlFailure = (cause as Error).message.slice(0, 200);
        } finally {
          run.changing = false;
        }
      }
    }
  })();
  const memory = setInterval(() => (metrics.peakRssBytes = Math.max(metrics.peakRssBytes, process.memoryUsage().rss)), 250);
  await sleep(stopAt - now());
  clearTimeout(timer);
  await churn;
  if (controlFailures > 0) notes.push(`${controlFailures} control-adapter change(s) failed (first: ${firstControlFailure}); those devices were judged only on never seeing another device's state.`);
  await Promise.allSettled([...active]);
  clearInterval(memory);
  metrics.peakRssBytes = Math.max(metrics.peakRssBytes, process.memoryUsage().rss);
  const cpu = process.cpuUsage(cpuStart);
  options.onLoadWindow?.('end');
  metrics.cpu = { userMicros: cpu.user, systemMicros: cpu.system };
  metrics.windowMs = now();
  loop.disable();
  await Promise.allSettled(runs.map((r) => r.transport.release(true)));

  // A change no device got to poll for after its bound proves nothing either way (the simulator or the
  // machine may have been too slow): said in a note, never a finding.
  const unseen = sampled.filter((run) => !run.confirmed && metrics.windowMs > run.changedAt + convergenceMs).length;
  if (unseen > 0) notes.push(`${unseen} device(s) had no manifest poll after their last control change's bound before the run ended; their convergence was not judged.`);
  // Every accepted status report must be what the WFM recorded (a lock that drops reports shows here), unless
  // a later report of the device got no answer: the WFM may have recorded that one instead, so it is not judged.
  await inBatches(sampled, 8, async (run) => {
    if (run.lastAccepted.size === 0) return;
    const recorded = await control.readStatuses(run.device.ref);
    for (const [deploymentId, accepted] of run.lastAccepted) {
      const found = JSON.stringify(recorded[deploymentId]);
      if (found === JSON.stringify(accepted.body)) observations.kept('ST-009', accepted.exchange);
      else if (run.unanswered.get(deploymentId)?.includes(found)) continue;
      else observations.broken('ST-009', run.device.name, `The WFM answered success to a status report for deployment ${deploymentId} of device ${run.device.name} but recorded ${JSON.stringify(recorded[deploymentId] ?? null).slice(0, 120)} (ST-009). Record every status report you accept.`, accepted.exchange);
    }
  });

  const lagP99 = metrics.scheduleLag.getValueAtPercentile(99) / 1000;
  const stallMs = loop.max / 1e6;
  const behind = lagP99 > (options.lagLimitMs ?? LAG_LIMIT_MS);
  if (behind) notes.push(`The simulator fell behind its own schedule (p99 start lag ${Math.round(lagP99)} ms, event-loop stall up to ${Math.round(stallMs)} ms): the load offered was lower than configured, and latency figures include the simulator's own delay. Use fewer devices per process, or shard.`);
  if (metrics.counters.missedPolls > 0) notes.push(`${metrics.counters.missedPolls} scheduled poll(s) found the device's previous cycle still waiting for the WFM and were not sent.`);
  return { devices, polled: runs.filter((r) => r.etag !== undefined || r.cachedIds.length > 0).map((r) => r.device.name).sort(), metrics, observations, changes, behind, notes };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}
