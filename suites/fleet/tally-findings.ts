import type { Finding } from '../../core/results/model.js';
import type { FleetContext } from './context.js';

/**
 * One requirement's verdict from the fleet's tally: every violation seen (the first ones with their
 * exchanges) is a `fail`; none, with exchanges that kept it, a `pass` citing a few of them; nothing
 * observed at all is `indeterminate` with `unobserved` as the reason, never a pass.
 */
export function tallyFindings(context: FleetContext, check: string, requirement: string, unobserved: string): Finding[] {
  const tally = context.simulation.observations.tallies.get(requirement);
  if (!tally || tally.kept + tally.broken === 0) return [{ requirement, outcome: 'indeterminate', message: `${unobserved} (${requirement}).` }];
  if (tally.broken > 0) {
    return tally.violations.map((violation, index) => ({
      requirement,
      outcome: 'fail' as const,
      message: index === 0 && tally.broken > 1 ? `${violation.message} (${tally.broken} violations in all, over ${tally.kept + tally.broken} exchanges judged.)` : violation.message,
      ...(violation.exchange ? { location: violation.exchange, observed: [{ kind: 'traffic' as const, id: context.cite(violation.exchange, check) }] } : {}),
      evidence: { device: violation.device, violations: tally.broken, judged: tally.kept + tally.broken },
    }));
  }
  return [
    {
      requirement,
      outcome: 'pass',
      message: `${tally.kept} exchange(s) across the fleet kept ${requirement}; none broke it.`,
      observed: tally.samples.map((exchange) => ({ kind: 'traffic' as const, id: context.cite(exchange, check) })),
      evidence: { judged: tally.kept },
    },
  ];
}
