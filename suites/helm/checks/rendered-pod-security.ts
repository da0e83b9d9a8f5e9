import type { Check } from '../../../core/runner/check.js';
import { ruleFindings } from '../../compose/rule-findings.js';
import { RULE_EVALUATORS } from '../../compose/rules/index.js';
import { composeRules } from '../../compose/rules.js';
import type { HelmContext } from '../chart.js';
import { podSpecProject } from '../pod-spec-services.js';

/** Rules with no pod-spec counterpart: UTS and user namespaces, devices, PIDs limit, restart policy. */
const NOT_FOR_PODS = new Set(['MCS-007', 'MCS-008', 'MCS-012', 'MCS-028', 'MCS-029']);

/**
 * The Compose security rules on the pod specs `helm template` renders. Without a helm binary every rule is
 * skipped with one line saying so. Built on demand, like the Compose rule checks.
 */
export function renderedPodSecurity(): Check<HelmContext> {
  const rules = composeRules().filter((rule) => !NOT_FOR_PODS.has(rule.id));
  return {
    id: 'helm/rendered-pod-security',
    title: 'Rendered pod specs meet the Pod Security rules',
    requirements: rules.map((r) => r.id),
    run: async ({ chart, render }) => {
      if (!render) return rules.map((r) => ({ requirement: r.id, outcome: 'skip' as const, message: 'helm is not on PATH, so the chart was not rendered and the Pod Security rules on its pods were skipped.' }));
      const project = podSpecProject(await render(chart), `helm template ${chart.location}`);
      const today = new Date().toISOString().slice(0, 10);
      return rules.flatMap((rule) => ruleFindings(rule, RULE_EVALUATORS[rule.id] ?? (() => []), project, { today }));
    },
  };
}
