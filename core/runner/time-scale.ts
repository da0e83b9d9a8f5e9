import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How much the run's deadlines are widened. Every base deadline in the suites (a wait on the device, an
 * HTTP request to the WFM, a launch) was tuned on a quiet 2-core machine; the run multiplies it by
 * `factor`, so a machine that is slower or busy by other work gets proportionally longer waits instead
 * of verdicts that change with the load. A wait that still expires is `error`, never `fail`.
 */
export interface TimeScale {
  /** The multiplier, 1 or more. */
  readonly factor: number;
  /** `calibrated` at run start by the CPU probe, or given by hand (`--time-scale N`). */
  readonly source: 'calibrated' | 'flag';
  /** What the calibration measured, for the report. */
  readonly probe?: CpuProbe;
  /** `baseMs` (a deadline tuned on the quiet reference machine) scaled to this machine, whole ms. */
  ms(baseMs: number): number;
}

export interface CpuProbe {
  /** Median wall time of one probe round here. */
  medianMs: number;
  /** The same round on the quiet reference machine the base deadlines were tuned on. */
  referenceMs: number;
  rounds: number;
}

/**
 * One probe round on the reference machine (2 cores, nothing else running), median of 5. The round is
 * long enough (well above the scheduler's wake-up credit) that its wall time reflects the CPU share a
 * process gets, which is what the suites' devices, WFMs and mocks get too.
 */
export const REFERENCE_PROBE_MS = 65;
/** A calibrated factor never exceeds this: past it, the machine is too busy for a run worth reporting. */
export const MAX_CALIBRATED_FACTOR = 8;
/** `--time-scale` accepts 1 to this. */
export const MAX_TIME_SCALE = 100;

export function fixedTimeScale(factor: number, source: TimeScale['source'] = 'flag', probe?: CpuProbe): TimeScale {
  if (!Number.isFinite(factor) || factor < 1 || factor > MAX_TIME_SCALE) {
    throw new RangeError(`time scale ${factor} is outside 1..${MAX_TIME_SCALE}; give --time-scale a number such as 2 or 3.5`);
  }
  const rounded = Math.round(factor * 100) / 100;
  return { factor: rounded, source, ...(probe ? { probe } : {}), ms: (baseMs) => Math.ceil(baseMs * rounded) };
}

export interface CalibrateOptions {
  /** @default 5 */
  rounds?: number;
  /** One probe round's wall time in ms (tests inject one). @default a fixed amount of hashing */
  round?: () => number | Promise<number>;
}

/**
 * Calibrates at run start: a fixed CPU-bound round, a few times with pauses between (so a momentary spike
 * does not decide), median against the reference machine's. Faster machines stay at 1; deadlines only widen.
 */
export async function calibrateTimeScale(options: CalibrateOptions = {}): Promise<TimeScale> {
  const rounds = options.rounds ?? 5;
  const round = options.round ?? probeRound;
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    times.push(await round());
    await sleep(10);
  }
  times.sort((a, b) => a - b);
  const medianMs = Math.round((times[Math.floor(times.length / 2)] ?? REFERENCE_PROBE_MS) * 10) / 10;
  const factor = Math.min(MAX_CALIBRATED_FACTOR, Math.max(1, medianMs / REFERENCE_PROBE_MS));
  return fixedTimeScale(factor, 'calibrated', { medianMs, referenceMs: REFERENCE_PROBE_MS, rounds });
}

/** The scale as the report's `config.timeScale` shows it. */
export function describeTimeScale(scale: TimeScale): Record<string, unknown> {
  return { factor: scale.factor, source: scale.source, ...(scale.probe ? { probe: scale.probe } : {}) };
}

const PROBE_BLOCK = Buffer.alloc(64 * 1024, 7);
/** Hash iterations of one round: about REFERENCE_PROBE_MS on the reference machine. */
const PROBE_ITERATIONS = 1200;

function probeRound(): number {
  const started = performance.now();
  let digest: Buffer = PROBE_BLOCK;
  for (let i = 0; i < PROBE_ITERATIONS; i += 1) digest = createHash('sha256').update(PROBE_BLOCK).update(digest).digest();
  return performance.now() - started;
}

/** `--time-scale N` when given, else calibrated now. */
export function resolveTimeScale(factor?: number): Promise<TimeScale> {
  return factor === undefined ? calibrateTimeScale() : Promise.resolve(fixedTimeScale(factor));
}
