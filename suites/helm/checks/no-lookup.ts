import { defineCheck } from '../../../core/runner/check.js';
import type { HelmContext } from '../chart.js';
import { templateMatches } from './template-pattern.js';

/** PKG-005: `lookup` as a template function inside `{{ }}`, also in a pipeline (`| lookup` is not valid, so a call suffices). */
export const noLookup = defineCheck<HelmContext>({
  id: 'helm/no-lookup',
  title: 'Templates do not call lookup',
  requirements: ['PKG-005'],
  run: ({ chart }) =>
    templateMatches(chart, /\{\{[^}]*?[\s(]lookup\s/, () => 'calls lookup, which needs the cluster API at render time', 'Pass the value in values.yaml instead of reading it from the cluster.'),
});
