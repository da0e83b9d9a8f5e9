import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { makeTarball } from '../../core/input/test-support/make-tarball.js';
import { readTarball } from '../../core/input/read-tarball.js';
import { runChecks } from '../../core/runner/run-checks.js';
import { chartFromEntries, loadChart, type HelmContext } from './chart.js';
import { findHelm } from './find-helm.js';
import { helmChecks } from './index.js';

const root = fromPackageRoot('fixtures', 'helm');
const charts = (['valid', 'invalid'] as const).flatMap((kind) => readdirSync(join(root, kind)).sort().map((name) => ({ kind, name, path: join(root, kind, name) })));
const targetOf = (name: string) => (/^(pkg-\d{3})-/.exec(name)?.[1] ?? '').toUpperCase();

async function failing(context: HelmContext): Promise<string[]> {
  const checks = helmChecks();
  const results = await runChecks({ checks, context, inScope: new Set(checks.flatMap((c) => c.requirements)) });
  return [...new Set(results.filter((r) => r.outcome === 'fail').map((r) => r.requirement))];
}

describe('Helm chart fixtures', () => {
  it.each(charts)('$kind/$name fails exactly its requirement', async ({ kind, name, path }) => {
    expect(await failing({ chart: await loadChart(path) })).toEqual(kind === 'valid' ? [] : [targetOf(name)]);
  });

  it('reads a packaged chart (.tgz) like a directory', async () => {
    const tgz = await makeTarball([
      { name: 'line-dashboard/Chart.yaml', content: 'apiVersion: v1\nname: line-dashboard\nversion: 1.0.0\n' },
      { name: 'line-dashboard/templates/cm.yaml', content: 'kind: ConfigMap\n' },
    ]);
    expect(await failing({ chart: chartFromEntries('line-dashboard-1.0.0.tgz', await readTarball(tgz)) })).toEqual(['PKG-004']);
  });

  it('skips the Pod Security rules on rendered pods, in one line, when helm is not on PATH', async () => {
    const checks = helmChecks();
    const results = await runChecks({ checks, context: { chart: await loadChart(join(root, 'valid', 'line-dashboard')) }, inScope: new Set(checks.flatMap((c) => c.requirements)) });
    const rendered = results.filter((r) => r.check === 'helm/rendered-pod-security');
    expect(new Set(rendered.map((r) => `${r.outcome}: ${r.message}`))).toEqual(new Set(['skip: helm is not on PATH, so the chart was not rendered and the Pod Security rules on its pods were skipped.']));
  });

  it('finds no helm on an empty PATH', () => {
    expect(findHelm('')).toBeUndefined();
  });
});
