import type { EventLog } from '../device-events.js';
import { sleep } from '../device-loop.js';
import type { DeviceFaultSet } from '../faults.js';
import type { DeviceStore } from '../state/device-store.js';
import { checkDiscoveryDocument, checkSpiffeBundle, nextAnchors, refreshDelayMs, type TrustDiscovery, type TrustRefusal } from './check-trust-documents.js';
import { fetchTrustDocument, TrustServerIdentityError, type TrustAnswer } from './fetch-trust-document.js';
import type { TrustAnchors } from './trust-anchors.js';

export interface TrustBundleClientOptions {
  /** `--trust-discovery-url`: https URL of the discovery document. */
  discoveryUrl: string;
  /** `--trust-discovery-ca`: the anchors that authenticate the discovery and bundle server (ID-019). */
  caPem: string;
  /** The trust domain of the device's own SVID (TB-004). */
  ownTrustDomain: string;
  anchors: TrustAnchors;
  store: DeviceStore;
  log: EventLog;
  faults: DeviceFaultSet;
  /** The retry interval while the device holds no anchors. */
  pollIntervalMs: number;
  timeoutMs: number;
  /** POLL-003: no requests now (downtime window). */
  quiet(now: number): boolean;
  now(): number;
  signal: AbortSignal;
}

/** The operator's refresh interval for bundles without spiffe_refresh_hint (TB-010). */
const DEFAULT_REFRESH_MS = 300_000;
/** Shorter hints count as one second, so a server cannot make the device fetch in a tight loop. */
const MINIMUM_REFRESH_MS = 1000;
/** Discovery documents and bundles are small JSON. */
const MAX_DOCUMENT_BYTES = 64 * 1024;

/** A discovery document or bundle the device does not accept. */
class TrustRefusedError extends Error {
  constructor(readonly refusal: TrustRefusal) {
    super(refusal.reason);
  }
}

/**
 * The Trust Bundle API client: fetches the discovery document, then the SPIFFE bundle it points at,
 * both authenticated by the provisioned anchors and name (ID-019); an accepted bundle replaces the
 * device's anchors (TB-009) and is kept in the state directory with the highest sequence (TB-008). The
 * next refresh comes after spiffe_refresh_hint, else the operator interval, whatever HTTP caching says
 * (TB-010). A failure or refusal keeps the current anchors (TB-007) and retries at the polling rate while
 * there are none, else at the next refresh. Like every request of the device, none during downtime (POLL-003).
 */
export async function runTrustBundleClient(options: TrustBundleClientOptions): Promise<void> {
  const { anchors, store, log, faults, signal } = options;
  const discoveryUrl = new URL(options.discoveryUrl);
  let discovered: { etag: string; discovery: TrustDiscovery } | undefined;

  const get = (url: URL, ifNoneMatch: string | undefined): Promise<TrustAnswer> =>
    fetchTrustDocument(url, { caPem: options.caPem, ifNoneMatch, timeoutMs: options.timeoutMs, maxBodyBytes: MAX_DOCUMENT_BYTES, faults, signal });
  const refreshMs = (hintSeconds: number | undefined, answer: TrustAnswer | undefined) =>
    refreshDelayMs(hintSeconds, answer?.headers['cache-control'], { intervalMs: DEFAULT_REFRESH_MS, minimumMs: MINIMUM_REFRESH_MS }, faults);

  const discover = async (): Promise<TrustDiscovery> => {
    const answer = await get(discoveryUrl, discovered?.etag);
    if (answer.status === 304 && discovered) return discovered.discovery;
    if (answer.status !== 200) throw new Error(`GET ${discoveryUrl.href} answered ${answer.status}`);
    const checked = checkDiscoveryDocument(answer.body, options.ownTrustDomain, faults);
    if ('refused' in checked) throw new TrustRefusedError(checked.refused);
    const etag = answer.headers['etag'];
    discovered = etag ? { etag, discovery: checked.discovery } : undefined;
    return checked.discovery;
  };

  /** One refresh; returns the delay before the next. */
  const refresh = async (): Promise<number> => {
    const { trustBundleUri } = await discover();
    const held = store.data.trustBundle;
    // Revalidation only makes sense for the bundle whose anchors the device holds.
    const ifNoneMatch = held?.uri === trustBundleUri.href && anchors.current() !== undefined ? held.etag : undefined;
    const answer = await get(trustBundleUri, ifNoneMatch);
    if (answer.status === 304 && ifNoneMatch) return refreshMs(held?.refreshHintSeconds, answer);
    if (answer.status !== 200) throw new Error(`GET ${trustBundleUri.href} answered ${answer.status}`);
    const checked = checkSpiffeBundle(answer.body, held?.sequence, faults);
    if ('refused' in checked) throw new TrustRefusedError(checked.refused);
    const { bundle } = checked;
    const anchorsPem = nextAnchors(anchors.current(), bundle, faults);
    anchors.replace(anchorsPem);
    const sequence = bundle.sequence === undefined ? held?.sequence : Math.max(bundle.sequence, held?.sequence ?? bundle.sequence);
    const etag = answer.headers['etag'];
    store.data.trustBundle = {
      anchorsPem,
      uri: trustBundleUri.href,
      ...(etag ? { etag } : {}),
      ...(sequence !== undefined ? { sequence } : {}),
      ...(bundle.refreshHintSeconds !== undefined ? { refreshHintSeconds: bundle.refreshHintSeconds } : {}),
    };
    // Logged once the anchors are in use: the device loop may reach the WFM before the save completes.
    log.emit({ event: 'trust-bundle-accepted', ...(bundle.sequence !== undefined ? { sequence: bundle.sequence } : {}), anchors: bundle.anchors });
    await store.save();
    return refreshMs(bundle.refreshHintSeconds, answer);
  };

  const failed = (error: unknown): number => {
    if (error instanceof TrustRefusedError) log.emit({ event: 'trust-bundle-rejected', ...error.refusal });
    else if (error instanceof TrustServerIdentityError) log.emit({ event: 'trust-bundle-rejected', reason: error.message, requirement: 'ID-019' });
    else log.emit({ event: 'trust-bundle-failed', reason: error instanceof Error ? error.message : String(error) });
    // TB-007: the current anchors stay in use.
    return anchors.current() === undefined ? options.pollIntervalMs : refreshMs(store.data.trustBundle?.refreshHintSeconds, undefined);
  };

  while (!signal.aborted) {
    let delay = options.pollIntervalMs;
    if (!options.quiet(options.now())) {
      try {
        delay = await refresh();
      } catch (error) {
        if (signal.aborted) break;
        delay = failed(error);
      }
    }
    await sleep(delay, signal);
  }
}
