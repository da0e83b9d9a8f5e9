import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded } from '../support/findings.js';
import { requestLine, statusReports, type StatusReport } from '../support/observations.js';

const REQUIREMENTS = ['DS-029', 'ST-001', 'ST-007', 'ST-012', 'PKG-015', 'PKG-016'];
const STARTED = new Set(['installing', 'installed']);

/**
 * The baseline install as its status reports tell it: reports while applying (ST-001), the installing
 * step reported before installed (DS-029), one entry per component (ST-007), the path's deploymentId in
 * the body (ST-012), components started in profile order (PKG-016) and, with wait true, one at a time,
 * each after the one before is installed (PKG-015). Reports that leave a component out say nothing
 * about its order (ST-007 judges them).
 */
export const installReporting = defineCheck<DeviceContext>({
  id: 'device-api/install-reporting',
  title: 'An install is reported step by step, one entry per component, in profile order and one component at a time',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const { session, deployment } = await context.baseline();
      const reports = statusReports(session.mock.traffic, context.edition, deployment.deploymentId);
      const findings: Finding[] = [];
      if (reports.length === 0) return [fail('ST-001', `The device sent no status report for deployment ${deployment.deploymentId} while installing it (ST-001).`)];
      const installed = reports.findIndex((r) => r.state === 'installed');
      if (!reports.slice(0, installed).some((r) => r.state === 'installing' || r.state === 'pending')) {
        const shown = reports.map((r) => r.state).join(', ');
        findings.push(fail('DS-029', `Deployment ${deployment.deploymentId} was reported as ${shown}: the installing step was never reported (DS-029). Report every change of a deployment's state.`, reports[0]?.exchange));
      }
      for (const report of reports) {
        const names = report.components.map((c) => c.name);
        if (names.length !== deployment.components.length || !deployment.components.every((name) => names.includes(name))) {
          findings.push(fail('ST-007', `${requestLine(report.exchange)} lists components [${names.join(', ')}]; expected one entry for each of ${deployment.components.join(', ')} (ST-007).`, report.exchange));
          break;
        }
      }
      const bodyId = reports.find((r) => String((r.exchange.json as Record<string, unknown>)['deploymentId']) !== r.deploymentId);
      if (bodyId) findings.push(fail('ST-012', `${requestLine(bodyId.exchange)} carries deploymentId ${JSON.stringify((bodyId.exchange.json as Record<string, unknown>)['deploymentId'])}; expected the path's ${bodyId.deploymentId} (ST-012).`, bodyId.exchange));
      findings.push(...orderFindings(reports, deployment.components));
      return findings;
    }),
});

function orderFindings(reports: StatusReport[], order: string[]): Finding[] {
  const findings: Finding[] = [];
  for (const report of reports) {
    const state = new Map(report.components.map((c) => [c.name, c.state]));
    if (order.some((name) => !state.has(name))) continue;
    // PKG-016: no component starts while one listed before it is still pending.
    const early = order.findIndex((name, i) => STARTED.has(state.get(name) ?? '') && order.slice(0, i).some((before) => state.get(before) === 'pending'));
    if (early >= 0 && findings.every((f) => f.requirement !== 'PKG-016')) {
      findings.push(fail('PKG-016', `${requestLine(report.exchange)} shows ${order[early]} ${state.get(order[early] ?? '')} while an earlier component of the profile is still pending (PKG-016). Install components in the order the profile lists them.`, report.exchange));
    }
    // PKG-015: with wait true at most one component is installing at a time.
    const installing = order.filter((name) => state.get(name) === 'installing');
    if (installing.length > 1 && findings.every((f) => f.requirement !== 'PKG-015')) {
      findings.push(fail('PKG-015', `${requestLine(report.exchange)} shows ${installing.join(' and ')} installing at once although every component has wait: true (PKG-015). Start the next component only after the previous one is installed.`, report.exchange));
    }
  }
  return findings;
}
