import type { CapabilitiesReporter } from './capabilities/capabilities-reporter.js';
import { onboardClient } from './capabilities/onboard-client.js';
import type { DeviceContext } from './device-context.js';
import type { SignatureTrust } from './device-options.js';
import { pollManifest } from './desired/poll-manifest.js';
import { inPollingPeriod, type PollingPeriod } from './schedule/poll-schedule.js';

export interface DeviceLoopOptions {
  capabilities: CapabilitiesReporter;
  pollingPeriod: PollingPeriod | undefined;
  /** preview-1: the certificate to onboard with. */
  onboarding: SignatureTrust | undefined;
}

/**
 * One cycle per polling interval (POLL-002 rate): onboard if needed, report capabilities first and when
 * changed (CAP-001, CAP-002), send queued status reports, then poll within the polling period (DS-001,
 * POLL-002). Nothing at all during downtime (POLL-003). A failed request ends the cycle; the request gate
 * decides when the next one may start (ERR-007).
 */
export async function runDeviceLoop(context: DeviceContext, options: DeviceLoopOptions): Promise<void> {
  const { signal } = context;
  let skipped: 'downtime' | 'outside-polling-period' | undefined;
  const skip = (reason: typeof skipped) => {
    if (reason && reason !== skipped) context.log.emit({ event: 'skipped', reason });
    skipped = reason;
  };
  while (!signal.aborted) {
    const now = context.now();
    let delay = context.pollIntervalMs;
    if (context.quiet(now)) {
      skip('downtime');
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(1, ms));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
