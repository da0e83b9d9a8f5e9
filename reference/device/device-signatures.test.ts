import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEvent } from './device-events.js';
import type { DeviceFaultId } from './faults.js';
import { createBench, type Bench } from './test-support/device-under-test.js';

const ROWS: { fault: DeviceFaultId; requirement: string; status: number }[] = [
  // SIG-007 on the WFM side: no or wrong Content-Digest is 400.
  { fault: 'omits-content-digest', requirement: 'SIG-001', status: 400 },
  { fault: 'digest-over-base64-body', requirement: 'SIG-001', status: 400 },
  // SIG-005: a signature that does not cover the required components is 401.
  { fault: 'signs-without-target-uri', requirement: 'SIG-002', status: 401 },
];

// Onboarding is the first signed request with a body, so it is the one refused.
const refusedPost = (event: DeviceEvent) => event.event === 'request-failed' && event.method === 'POST';

describe('reference device signatures (preview-1)', () => {
  let bench: Bench | undefined;
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });

  it('onboards and reports capabilities the reference WFM verifies (SIG-001..SIG-003)', async () => {
    bench = await createBench('preview-1');
    const device = await bench.start();
    const sent = await device.waitFor((event) => event.event === 'capabilities-sent');
    expect(sent).toMatchObject({ method: 'POST', status: 201 });
    expect(device.events.some(refusedPost)).toBe(false);
  });

  it.each(ROWS)('$requirement: fault $fault makes the reference WFM refuse onboarding with $status', async ({ fault, status }) => {
    bench = await createBench('preview-1');
    const device = await bench.start({ faults: [fault] });
    const refused = await device.waitFor(refusedPost);
    expect(refused).toMatchObject({ status });
  });
});
