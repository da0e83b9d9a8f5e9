import { readTarball } from '../../core/input/read-tarball.js';
import { defineCheck } from '../../core/runner/check.js';
import type { Finding } from '../../core/results/model.js';
import { localComponents } from '../compose/package/local-component-files.js';
import { descriptionObject } from '../package-format/description.js';
import type { PackageContext } from '../package-format/package.js';
import { chartFromEntries, type HelmChart } from './chart.js';
import { CHART_CHECKS } from './index.js';

const REQUIREMENTS = ['PKG-004', 'PKG-005'];

/** From the package command: the static chart checks on every Helm chart the package itself holds (directory or .tgz). */
export const packageHelmCharts = defineCheck<PackageContext>({
  id: 'helm/package-helm-charts',
  title: 'Helm charts in the package use apiVersion v2 and no lookup, hooks or CRDs',
  requirements: REQUIREMENTS,
  run: async (context) => {
    const description = descriptionObject(context);
    const { local, remote } = description ? localComponents(context, context.edition.profileTypes.helm, description) : { local: [], remote: [] };
    if (local.length === 0) {
      const why = remote.length ? `Helm charts ${remote.join(', ')} are not in the package, and the run is offline` : 'The package holds no Helm chart';
      return REQUIREMENTS.map((requirement) => ({ requirement, outcome: 'skip' as const, message: `${why}; PKG-004 and PKG-005 need the chart.` }));
    }
    const findings: Finding[] = [];
    for (const component of local) {
      const packaged = component.files.get('');
      const chart: HelmChart = packaged ? chartFromEntries(component.reference, await readTarball(packaged)) : { location: component.reference, format: 'directory', files: component.files };
      for (const check of CHART_CHECKS) findings.push(...(await check.run({ chart })).map((f) => ({ ...f, message: `${component.name}: ${f.message}` })));
    }
    return findings;
  },
});
