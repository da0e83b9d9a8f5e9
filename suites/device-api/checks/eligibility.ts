import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { expired, fail, guarded } from '../support/findings.js';
import { statusReports } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';

type Expression = { key: string; operator: string; values: unknown[] };
const rule = (...matchExpressions: (Expression | { key: string; operator: string; itemSelector: unknown })[]) => ({ propertySelector: { matchExpressions } });
const vendorIn = (...values: string[]): Expression => ({ key: '/vendor', operator: 'In', values });

interface Case {
  requirement: string;
  name: string;
  /** The rules, from the vendor and the capability properties the device was given. */
  rules: (vendor: string, properties: Record<string, unknown>) => unknown[];
  eligible: boolean;
}

/** One deployment per row, all assigned at once; the device's own capabilities (the file the suite gave it) decide. */
const CASES: Case[] = [
  { requirement: 'DS-032', name: 'not-eligible', rules: (v) => [rule(vendorIn(`not-${v}`))], eligible: false },
  { requirement: 'DS-034', name: 'exact-match', rules: (v) => [rule(vendorIn(v))], eligible: true },
  { requirement: 'DS-034', name: 'case-differs', rules: (v) => [rule(vendorIn(v.toUpperCase()))], eligible: false },
  { requirement: 'DS-034', name: 'and-within-rule', rules: (v) => [rule(vendorIn(v), { key: '/modelNumber', operator: 'In', values: ['no-such-model'] })], eligible: false },
  { requirement: 'DS-034', name: 'or-across-rules', rules: (v) => [rule(vendorIn(`not-${v}`)), rule(vendorIn(v))], eligible: true },
  // Collection operators (OAS-RC3 MatchExpression), in every profile, not only Wasm: with values and with an itemSelector.
  { requirement: 'DS-034', name: 'contains-all-values', rules: (_, p) => [rule({ key: '/supportedDeploymentTypes', operator: 'ContainsAll', values: listOf(p, 'supportedDeploymentTypes') })], eligible: true },
  { requirement: 'DS-034', name: 'contains-all-missing-value', rules: (_, p) => [rule({ key: '/supportedDeploymentTypes', operator: 'ContainsAll', values: [...listOf(p, 'supportedDeploymentTypes'), 'no-such-type'] })], eligible: false },
  { requirement: 'DS-034', name: 'contains-any-values', rules: (_, p) => [rule({ key: '/supportedDeploymentTypes', operator: 'ContainsAny', values: ['no-such-type', ...listOf(p, 'supportedDeploymentTypes')] })], eligible: true },
  { requirement: 'DS-034', name: 'contains-any-item-selector', rules: (_, p) => [rule(itemRule('/cpus', 'ContainsAny', { key: '/architecture', operator: 'In', values: architecturesOf(p) }))], eligible: true },
  { requirement: 'DS-034', name: 'contains-any-item-selector-none', rules: () => [rule(itemRule('/interfaces', 'ContainsAny', { key: '/type', operator: 'In', values: ['no-such-interface'] }))], eligible: false },
  { requirement: 'DS-034', name: 'contains-all-item-selector', rules: () => [rule(itemRule('/cpus', 'ContainsAll', { key: '/cores', operator: 'Gt', values: [0] }))], eligible: true },
];

type ItemExpression = { key: string; operator: string; itemSelector: { matchExpressions: Expression[] } };
function itemRule(key: string, operator: 'ContainsAll' | 'ContainsAny', element: Expression): ItemExpression {
  return { key, operator, itemSelector: { matchExpressions: [element] } };
}
function listOf(properties: Record<string, unknown>, name: string): string[] {
  const value = properties[name];
  return Array.isArray(value) ? value.map(String) : [];
}
function architecturesOf(properties: Record<string, unknown>): string[] {
  const cpus = Array.isArray(properties['cpus']) ? (properties['cpus'] as Record<string, unknown>[]) : [];
  return [...new Set(cpus.map((cpu) => String(cpu?.['architecture'])))];
}

/**
 * DS-032: an ineligible deployment is reported failed and never installed (our reading: the spec has no
 * dedicated state). DS-034: JSON Pointer keys, case-sensitive values, AND within a rule, OR across rules.
 */
export const eligibility = defineCheck<DeviceContext>({
  id: 'device-api/eligibility',
  title: 'Eligibility rules are evaluated before deploying, as the match semantics say',
  requirements: ['DS-032', 'DS-034'],
  run: (context) =>
    guarded(['DS-032', 'DS-034'], () =>
      withSession(context, 'eligibility', async (session) => {
        await steady(session, context.waitMs);
        const properties = session.capabilities().properties;
        const vendor = String(properties['vendor']);
        const assigned: { row: Case; deployment: { deploymentId: string } }[] = [];
        for (const row of CASES) assigned.push({ row, deployment: await session.assign({ id: `eligibility-${row.name}`, components: [{ name: 'only' }], eligibilityRules: row.rules(vendor, properties) }) });
        const { traffic } = session.mock;
        const since = traffic.mark();
        const final = (id: string) => statusReports(traffic, context.edition, id).find((r) => r.state === 'installed' || r.state === 'failed');
        // The device settles the deployments one after another, so the wait grows with their number.
        const waitMs = context.waitMs * Math.max(1, Math.ceil(assigned.length / 2));
        await traffic.waitUntil(() => assigned.every(({ deployment }) => final(deployment.deploymentId) !== undefined), { timeoutMs: waitMs, what: 'a final state (installed or failed) for every eligibility deployment' }).catch(() => undefined);
        const findings: Finding[] = [];
        for (const { row, deployment } of assigned) {
          const reports = statusReports(traffic, context.edition, deployment.deploymentId);
          const started = reports.find((r) => r.state === 'installing' || r.state === 'installed');
          const outcome = final(deployment.deploymentId)?.state ?? 'no final report';
          // No final report is a wait that expired: proof only when the device started an ineligible one.
          if (outcome === 'no final report' && !(started && !row.eligible)) {
            findings.push(...expired([row.requirement], { awaited: `a final status (installed or failed) for deployment ${row.name}`, waitMs, traffic, since }));
            continue;
          }
          if (row.eligible && outcome !== 'installed') findings.push(fail(row.requirement, `Deployment ${row.name}, whose eligibility rules hold for this device, ended ${outcome}; expected installed (${row.requirement}).`, reports.at(-1)?.exchange));
          if (!row.eligible && (started || outcome !== 'failed')) {
            findings.push(fail(row.requirement, `Deployment ${row.name}, whose eligibility rules do not hold for this device, was ${started ? `reported ${started.state}` : `never reported failed (${outcome})`}; expected failed without installing (${row.requirement}).`, (started ?? reports.at(-1))?.exchange));
          }
        }
        return findings;
      }),
    ),
});
