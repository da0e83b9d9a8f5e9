import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded } from '../support/findings.js';
import { requestLine } from '../support/observations.js';

/** Onboarding and trust discovery come before the management calls; they are not "calls after connecting". */
const BEFORE_MANAGEMENT = new Set(['onboarding', 'onboarding-certificate', 'trust-discovery', 'trust-bundle']);

export const capabilitiesFirst = defineCheck<DeviceContext>({
  id: 'device-api/capabilities-first',
  title: 'The device reports its capabilities as its first management call and manages its workloads through the WFM',
  requirements: ['CAP-001', 'DEV-002'],
  run: (context) =>
    guarded(['CAP-001', 'DEV-002'], async () => {
      const { session } = await context.baseline();
      const exchanges = session.mock.traffic.exchanges;
      const first = exchanges.find((e) => !BEFORE_MANAGEMENT.has(e.route ?? ''));
      const findings = [];
      if (first && first.route !== 'capabilities') {
        findings.push(fail('CAP-001', `The device's first management call was ${requestLine(first)}; expected its capabilities report (CAP-001). Report capabilities right after connecting, before polling.`, first));
      }
      if (!exchanges.some((e) => e.route === 'status')) {
        findings.push(fail('DEV-002', 'The device never reported a deployment status to the WFM (DEV-002). Its WFM client must apply and report assigned deployments.'));
      }
      return findings;
    }),
});
