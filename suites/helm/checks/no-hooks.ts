import { defineCheck } from '../../../core/runner/check.js';
import type { HelmContext } from '../chart.js';
import { templateMatches } from './template-pattern.js';

/** PKG-005: `helm.sh/hook` annotations (hook, hook-weight, hook-delete-policy) in templates. */
export const noHooks = defineCheck<HelmContext>({
  id: 'helm/no-hooks',
  title: 'Templates declare no Helm hooks',
  requirements: ['PKG-005'],
  run: ({ chart }) =>
    templateMatches(chart, /["']?helm\.sh\/hook[a-z-]*["']?\s*:/, (m) => `declares the annotation ${m[0].replace(/["':\s]/g, '')}`, 'Make the resource an ordinary part of the release, or run the step in an init container.'),
});
