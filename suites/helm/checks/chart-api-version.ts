import { parseYaml } from '../../../core/input/parse-yaml.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { HelmContext } from '../chart.js';

/** PKG-004: Chart.yaml has apiVersion v2 (Helm 3 and 4). */
export const chartApiVersion = defineCheck<HelmContext>({
  id: 'helm/chart-api-version',
  title: 'Chart.yaml has apiVersion v2',
  requirements: ['PKG-004'],
  run: ({ chart }) => {
    const bytes = chart.files.get('Chart.yaml');
    const file = 'Chart.yaml';
    if (!bytes) return [{ requirement: 'PKG-004', outcome: 'fail', message: `${chart.location}: has no Chart.yaml (PKG-004). Give a Helm chart directory or a packaged chart.`, location: { kind: 'file', file: chart.location } }];
    const parsed = parseYaml(Buffer.from(bytes).toString('utf8'));
    const value = parsed.value as { apiVersion?: unknown } | undefined;
    if (value?.apiVersion === 'v2') return [];
    const at = parsed.locate('/apiVersion');
    return [{
      requirement: 'PKG-004',
      outcome: 'fail',
      message: `${file}: apiVersion is ${JSON.stringify(value?.apiVersion ?? null)}; expected "v2" (PKG-004). Migrate the chart to Helm 3 (apiVersion: v2, dependencies in Chart.yaml).`,
      location: { kind: 'file', file, pointer: '/apiVersion', ...(at ? { line: at.line, column: at.column } : {}) },
    }];
  },
});
