import { createCapabilitiesReporter } from './capabilities/capabilities-reporter.js';
import { defaultCapabilities } from './capabilities/default-capabilities.js';
import { wasmCapabilities } from './capabilities/wasm-capabilities.js';
import type { DeviceContext } from './device-context.js';
import { deviceFacts } from './device-facts.js';
import { createEventLog, type DeviceEvent, type WaitOptions } from './device-events.js';
import { runDeviceLoop } from './device-loop.js';
import type { DeviceOptions, SvidTrust } from './device-options.js';
import { createDeviceFaultSet } from './faults.js';
import { routeRuntime } from './runtime/route-runtime.js';
import { createSimulatedRuntime } from './runtime/simulated-runtime.js';
import { createWasmRuntime } from './runtime/wasm-runtime.js';
import { inDowntime } from './schedule/poll-schedule.js';
import { openDeviceStore } from './state/device-store.js';
import { recoverInterrupted } from './state/recover-interrupted.js';
import { createStatusReporter } from './status/status-reporter.js';
import { createClientSvidSource } from './transport/client-svid.js';
import { createRequestGate } from './transport/request-gate.js';
import { expectedWfmOf } from './transport/verify-wfm-identity.js';
import { createWfmConnections } from './transport/wfm-agent.js';
import { createWfmClient } from './transport/wfm-client.js';
import { createTrustAnchors } from './trust/trust-anchors.js';
import { runTrustBundleClient } from './trust/trust-bundle-client.js';

export interface RunningDevice {
  readonly deviceId: string;
  readonly stateDir: string;
  /** Every event so far, oldest first. */
  readonly events: readonly DeviceEvent[];
  waitFor(predicate: (event: DeviceEvent) => boolean, options?: WaitOptions): Promise<DeviceEvent>;
  /** Ends the loop, abandons running installs and closes connections; state on disk stays. */
  stop(): Promise<void>;
}

const DEFAULT_POLL_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_BACKOFF_MAX_MS = 600_000;

/** Starts the reference device's management client in this process (tests; `main.ts` for a process). */
export async function startDevice(options: DeviceOptions): Promise<RunningDevice> {
  const { edition, trust } = options;
  const auth = edition.api.auth;
  if ((auth === 'mtls') !== (trust.kind === 'svid')) {
    throw new Error(`reference device: ${edition.id} authenticates with ${auth}, so it needs ${auth === 'mtls' ? 'an SVID (--svid-cert, --svid-key, --trust-bundle)' : 'a client certificate and WFM CA (--client-cert, --client-key, --wfm-ca)'}.`);
  }
  if (trust.kind === 'svid') checkTrustSource(trust);
  const faults = createDeviceFaultSet(options.faults);
  const now = options.now ?? Date.now;
  const log = createEventLog(now, options.onEvent);
  const facts = deviceFacts(edition);
  const store = await openDeviceStore(options.stateDir, faults);
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const expectedWfm = trust.kind === 'svid' ? expectedWfmOf(trust) : undefined;
  // rc.3: anchors from the file, or (Trust Bundle API) those accepted in an earlier run until a bundle is fetched.
  const anchors = trust.kind === 'svid' ? createTrustAnchors(trust.bundlePem ?? store.data.trustBundle?.anchorsPem) : undefined;
  const svid = trust.kind === 'svid' ? createClientSvidSource(trust, { faults, log }) : undefined;
  const connections = createWfmConnections({ trust, ...(anchors && expectedWfm ? { anchors, expectedWfm } : {}), ...(svid ? { svid } : {}), faults, now });
  const client = createWfmClient({
    wfmUrl: options.wfmUrl,
    connections,
    ...(options.trust.kind === 'signature' ? { signing: options.trust } : {}),
    faults,
    timeoutMs,
    maxBodyBytes,
  });
  const backoffBaseMs = options.backoffBaseMs ?? Math.min(pollIntervalMs, 1000);
  const gate = createRequestGate({ baseMs: backoffBaseMs, maxMs: options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS, pollIntervalMs, faults, log, client });
  // POLL-003: the one place the downtime window is read.
  const quiet = (at: number) => !faults.has('polls-during-downtime') && inDowntime(options.downtime ?? [], at);
  if (options.runtimeKind === 'wasm' && edition.profileTypes.custom === undefined) throw new Error(`reference device: --runtime wasm needs an edition with the custom deployment type; ${edition.id} has none. Use --edition 1.0.0-rc.3.`);
  const ownCapabilities = options.runtimeKind === 'wasm' ? wasmCapabilities : defaultCapabilities;
  const source = options.capabilities ?? (() => ownCapabilities(options.deviceId, facts));
  const capabilities = createCapabilitiesReporter(await source(), source);
  const status = createStatusReporter({ edition, client, gate, faults, log, clientId: () => store.data.clientId, quiet, held: () => !capabilities.reported(), now });
  const controller = new AbortController();

  const context: DeviceContext = {
    edition,
    facts,
    deviceId: options.deviceId,
    faults,
    log,
    store,
    runtime: options.runtime ?? routeRuntime({ wasm: createWasmRuntime({ capabilities: capabilities.current, faults, log }), other: createSimulatedRuntime() }),
    client,
    gate,
    status,
    capabilities: capabilities.current,
    pollIntervalMs,
    maxBodyBytes,
    quiet,
    now,
    signal: controller.signal,
  };
  log.emit({ event: 'started', edition: edition.id, deviceId: options.deviceId, faults: [...faults.ids] });
  await recoverInterrupted(context);
  const discovery = trust.kind === 'svid' ? trust.trustDiscovery : undefined;
  const trustLoop =
    discovery && anchors && expectedWfm
      ? runTrustBundleClient({
          discoveryUrl: discovery.url,
          caPem: discovery.caPem,
          ownTrustDomain: expectedWfm.trustDomain,
          anchors,
          store,
          log,
          faults,
          pollIntervalMs,
          timeoutMs,
          quiet,
          now,
          signal: controller.signal,
        })
      : undefined;
  const loop = runDeviceLoop(context, {
    capabilities,
    pollingPeriod: options.pollingPeriod,
    onboarding: trust.kind === 'signature' ? trust : undefined,
    anchors,
  });

  let stopping: Promise<void> | undefined;
  return {
    deviceId: options.deviceId,
    stateDir: options.stateDir,
    events: log.events,
    waitFor: log.waitFor,
    stop() {
      stopping ??= (async () => {
        controller.abort();
        await Promise.all([loop, trustLoop]);
        await context.runtime.close?.();
        await store.save();
        await client.close();
        log.emit({ event: 'stopped' });
      })();
      return stopping;
    },
  };
}

/** rc.3 anchors come from exactly one source: a file (`--trust-bundle`) or the Trust Bundle API over https. */
function checkTrustSource(trust: SvidTrust): void {
  if ((trust.bundlePem === undefined) === (trust.trustDiscovery === undefined)) {
    throw new Error('reference device: give the trust anchors either as a bundle (--trust-bundle) or through the Trust Bundle API (--trust-discovery-url), exactly one.');
  }
  if (trust.trustDiscovery && !trust.trustDiscovery.url.startsWith('https://')) {
    throw new Error(`reference device: the trust discovery URL "${trust.trustDiscovery.url}" is not an https:// URL (ID-019).`);
  }
}
