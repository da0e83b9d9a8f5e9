import type { RunResults } from '../../../core/results/model.js';

/**
 * Every pass of a run that does not stand on evidence: no `observed` reference, or a traffic reference
 * that names no record of the run's traffic log. Empty when every pass is proven; `<requirement> <check>: why` otherwise.
 */
export function unprovenPasses(results: RunResults): string[] {
  const records = new Set((results.traffic ?? []).map((record) => record.id));
  return results.results
    .filter((result) => result.outcome === 'pass')
    .flatMap((result) => {
      const observed = result.observed ?? [];
      if (observed.length === 0) return [`${result.requirement} ${result.check}: a pass with no evidence`];
      const dangling = observed.filter((ref) => ref.kind === 'traffic' && !records.has(ref.id)).map((ref) => (ref.kind === 'traffic' ? ref.id : ''));
      return dangling.length > 0 ? [`${result.requirement} ${result.check}: cites ${dangling.join(', ')}, not in the traffic log`] : [];
    });
}
