import type { RunResults } from '../core/results/model.js';

/** `results.json`: the results model as is, validated by `results.schema.json`. */
export function renderJson(results: RunResults): string {
  return JSON.stringify(results, null, 2) + '\n';
}
