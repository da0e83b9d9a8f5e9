import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { HelmContext } from '../chart.js';
import { templateMatches } from './template-pattern.js';

/** PKG-005: no `crds/` directory and no CustomResourceDefinition among the templates. */
export const noCrds = defineCheck<HelmContext>({
  id: 'helm/no-crds',
  title: 'Chart manages no CRDs',
  requirements: ['PKG-005'],
  run: ({ chart }) => {
    const crds = [...chart.files.keys()].filter((name) => name.startsWith('crds/')).sort();
    const fromDirectory: Finding[] = crds.length
      ? [{ requirement: 'PKG-005', outcome: 'fail', message: `${chart.location}: has a crds/ directory (${crds.join(', ')}) (PKG-005). Install the CRDs separately; the chart must not manage them.`, location: { kind: 'file', file: crds[0] as string } }]
      : [];
    return [...fromDirectory, ...templateMatches(chart, /^\s*kind:\s*["']?CustomResourceDefinition["']?\s*$/m, () => 'defines a CustomResourceDefinition', 'Install the CRDs separately; the chart must not manage them.')];
  },
});
