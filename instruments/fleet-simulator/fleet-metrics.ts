import * as hdr from 'hdr-histogram-js';

/** The operations a simulated device performs under the timed load, each with its own latency histogram. */
export const FLEET_OPERATIONS = ['capabilities', 'manifest', 'deployment', 'bundle', 'status'] as const;
export type FleetOperation = (typeof FLEET_OPERATIONS)[number];

// Microseconds from 1 µs to 10 minutes at 3 significant digits: every latency a 5 s request timeout allows.
const HIGHEST_US = 600_000_000;

export function createHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3 });
}

export function recordMicros(histogram: hdr.Histogram, micros: number): void {
  histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(micros))));
}

export function encodeHistogram(histogram: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes and adds encoded histograms into one (the exact merge of shards). */
export function mergeEncoded(encoded: readonly string[]): hdr.Histogram {
  const total = createHistogram();
  for (const text of encoded) if (text) total.add(hdr.decodeFromCompressedBase64(text));
  return total;
}

/** One bucket of the run's timeline. */
export interface FleetBucket {
  requests: number;
  errors: number;
  rateLimited: number;
  serverErrors: number;
  handshakes: number;
  latency: hdr.Histogram;
}

/** Everything the simulator measures; the harness turns it into the results model's `Measurements`. */
export interface FleetMetrics {
  readonly bucketMs: number;
  readonly latency: Record<FleetOperation, hdr.Histogram>;
  /** Enrolment requests before the load (onboarding, first capabilities report, each on a new connection): not the WFM's latency under load. */
  readonly enrolment: hdr.Histogram;
  /** How late each scheduled poll started against its planned time (ms as µs): the simulator's own lag. */
  readonly scheduleLag: hdr.Histogram;
  readonly buckets: FleetBucket[];
  counters: { requests: number; errors: number; rateLimited: number; serverErrors: number; handshakes: number; polls: number; missedPolls: number; retryAfterWaits: number };
  cpu: { userMicros: number; systemMicros: number };
  peakRssBytes: number;
  windowMs: number;
  /** Enrolment before the load: identities, acceptance, onboarding, first capabilities report. */
  setupMs: number;
  bucket(atMs: number): FleetBucket;
}

export function createFleetMetrics(bucketMs = 1000): FleetMetrics {
  const latency = Object.fromEntries(FLEET_OPERATIONS.map((op) => [op, createHistogram()])) as Record<FleetOperation, hdr.Histogram>;
  const buckets: FleetBucket[] = [];
  return {
    bucketMs,
    latency,
    enrolment: createHistogram(),
    scheduleLag: createHistogram(),
    buckets,
    counters: { requests: 0, errors: 0, rateLimited: 0, serverErrors: 0, handshakes: 0, polls: 0, missedPolls: 0, retryAfterWaits: 0 },
    cpu: { userMicros: 0, systemMicros: 0 },
    peakRssBytes: 0,
    windowMs: 0,
    setupMs: 0,
    bucket(atMs) {
      const index = Math.max(0, Math.floor(atMs / bucketMs));
      while (buckets.length <= index) buckets.push({ requests: 0, errors: 0, rateLimited: 0, serverErrors: 0, handshakes: 0, latency: createHistogram() });
      return buckets[index] as FleetBucket;
    },
  };
}
