import type { CapabilitiesReporter } from './capabilities/capabilities-reporter.js';
import { onboardClient } from './capabilities/onboard-client.js';
import type { DeviceContext } from './device-context.js';
import type { SignatureTrust } from './device-options.js';
import { pollManifest } from './desired/poll-manifest.js';
import { inPollingPeriod, type PollingPeriod } from './schedule/poll-schedule.js';
import type { TrustAnchors } from './trust/trust-anchors.js';

export interface DeviceLoopOptions {
  capabilities: CapabilitiesReporter;
  pollingPeriod: PollingPeriod | undefined;
  /** preview-1: the certificate to onboard with. */
  onboarding: SignatureTrust | undefined;
  /** rc.3: the anchors that verify the WFM; none yet means no request at all (TB-007, fail closed). */
  anchors: TrustAnchors | undefined;
}

/**
 * One cycle per polling interval (POLL-002 rate): onboard if needed, report capabilities first and when
 * changed (CAP-001, CAP-002), send queued status reports, then poll within the polling period (DS-001,
 * POLL-002). Nothing at all during downtime (POLL-003), nor while an rc.3 device holds no trust anchors
 * (the Trust Bundle API client has not accepted a bundle yet). A failed request ends the cycle; the
 * request gate decides when the next one may start (ERR-007).
 */
export async function runDeviceLoop(context: DeviceContext, options: DeviceLoopOptions): Promise<void> {
  const { signal } = context;
  let skipped: 'downtime' | 'outside-polling-period' | 'no-trust-bundle' | undefined;
  const skip = (reason: typeof skipped) => {
    if (reason && reason !== skipped) context.log.emit({ event: 'skipped', reason });
    skipped = reason;
  };
  while (!signal.aborted) {
    const now = context.now();
    let delay = context.pollIntervalMs;
    if (context.quiet(now)) {
      skip('downtime');
    } else if (options.anchors && options.anchors.current() === undefined) {
      skip('no-trust-bundle');
    } else if (!context.gate.isOpen(now)) {
      delay = context.gate.waitMs(now);
    } else {
      try {
        const polled = await cycle(context, options);
        skip(polled ? undefined : 'outside-polling-period');
      } catch (error) {
        if (signal.aborted) break;
        delay = context.gate.failed(error, { now: context.now(), quiet: context.quiet(context.now()) });
      }
    }
    await sleep(delay, signal);
  }
}

async function cycle(context: DeviceContext, options: DeviceLoopOptions): Promise<boolean> {
  if (options.onboarding) await onboardClient(context, options.onboarding);
  const polling = inPollingPeriod(options.pollingPeriod, context.now()) || context.faults.has('polls-outside-polling-period');
  const steps = [() => options.capabilities.sync(context), () => context.status.flush(), async () => (polling ? pollManifest(context) : undefined)];
  // CAP-001: capabilities go first; the fault moves the poll ahead of them.
  if (context.faults.has('capabilities-after-first-poll')) steps.unshift(...steps.splice(2, 1));
  for (const step of steps) await step();
  return polling;
}

// setTimeout fires at once for delays above this; waking early is harmless to every caller.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms` (at most ~24 days), or at once when the device stops. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.min(Math.max(1, ms), MAX_TIMER_MS));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
