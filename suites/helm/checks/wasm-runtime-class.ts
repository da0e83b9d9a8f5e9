import { posix } from 'node:path';
import { readTarball } from '../../../core/input/read-tarball.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { componentsOf, isRecord, locate, profilesOf, withDescription } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';
import { eligibilityRulesOf, selectsRuntime } from '../../wasm/label-selection.js';
import { WASM_LABELS } from '../../../core/protocol/wasm-convention.js';
import { chartFromEntries, type HelmChart } from '../chart.js';
import { wasmRuntimeClassUses } from './wasm-runtime-class-names.js';

const REQUIREMENT = 'WASM-012';

/**
 * WASM-012, the Helm path of the draft Wasm class: a chart whose pods set a Wasm `runtimeClassName` runs
 * only on clusters with that shim, so every eligibility rule of its profile must select the runtime label
 * (rules are ORed, DS-034); an `In` must name the class the chart uses. Charts are scanned statically;
 * charts only in a registry are skipped, since the run is offline.
 */
export const wasmRuntimeClass = defineCheck<PackageContext>({
  id: 'helm/wasm-runtime-class',
  title: 'Charts with a Wasm runtimeClassName are targeted at devices declaring a Wasm runtime',
  requirements: [REQUIREMENT],
  run: (context) => {
    const description = isRecord(context.pkg.description.value) ? context.pkg.description.value : undefined;
    if (!description) return withDescription(context, [REQUIREMENT], () => []);
    return judge(context, description);
  },
});

async function judge(context: PackageContext, description: Record<string, unknown>): Promise<Finding[]> {
  const findings: Finding[] = [];
  let charts = 0;
  let wasmCharts = 0;
  for (const profile of profilesOf(description).filter((p) => p.value.type === context.edition.profileTypes.helm)) {
    for (const component of componentsOf(profile)) {
      const chart = await chartOf(context, component.value);
      if (!chart) continue;
      charts += 1;
      const uses = wasmRuntimeClassUses(chart);
      const first = uses[0];
      if (!first) continue;
      wasmCharts += 1;
      const where = `${chart.location}/${first.file}:${first.line}`;
      const name = `${context.pkg.descriptionFile}: Helm profile "${String(profile.value.id)}"`;
      const className = first.name ?? 'a Wasm runtime class';
      const expression = `{key: ${WASM_LABELS.runtime}, operator: In, values: [${className}]}`;
      const rules = eligibilityRulesOf(profile);
      if (rules.length === 0) {
        findings.push({ requirement: REQUIREMENT, outcome: 'fail', message: `${name} deploys chart ${chart.location}, whose pods set runtimeClassName ${className} (${where}), but has no eligibility rules, so it may land on a cluster without that Wasm shim (${REQUIREMENT}). Add an eligibility rule whose labelSelector has ${expression}.`, location: locate(context, `${profile.pointer}/deviceConstraints`), evidence: { runtimeClassNames: uses.map((u) => u.name) } });
        continue;
      }
      for (const [index, { rule, pointer }] of rules.entries()) {
        if (selectsRuntime(rule, first.name)) continue;
        findings.push({ requirement: REQUIREMENT, outcome: 'fail', message: `${name}: eligibility rule ${index} does not select ${WASM_LABELS.runtime}${first.name ? ` with ${first.name}` : ''}, yet chart ${chart.location} sets runtimeClassName ${className} (${where}) (${REQUIREMENT}). Add ${expression} to the rule's labelSelector.`, location: locate(context, pointer), evidence: { runtimeClassNames: uses.map((u) => u.name) } });
      }
    }
  }
  if (charts === 0) return [{ requirement: REQUIREMENT, outcome: 'skip', message: `The package holds no Helm chart, so no runtimeClassName could be looked for (${REQUIREMENT}).` }];
  if (wasmCharts === 0) {
    return [{ requirement: REQUIREMENT, outcome: 'skip', message: `No Helm chart in the package sets a Wasm runtimeClassName; ${REQUIREMENT} applies to Wasm charts only.` }];
  }
  return findings;
}

/** The chart a Helm component names by a relative path into the package (a directory or a .tgz), as the Helm suite reads it. */
async function chartOf(context: PackageContext, component: Record<string, unknown>): Promise<HelmChart | undefined> {
  const properties = isRecord(component.properties) ? component.properties : {};
  const reference = [properties.packageLocation, properties.repository].find((v): v is string => typeof v === 'string');
  if (!reference || /^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('/') || !context.pkg.files) return undefined;
  const path = posix.normalize(reference).replace(/\/$/, '');
  const packaged = context.pkg.files.get(path);
  if (packaged) return chartFromEntries(reference, await readTarball(packaged));
  const files = new Map<string, Uint8Array>();
  for (const [file, bytes] of context.pkg.files) if (file.startsWith(`${path}/`)) files.set(file.slice(path.length + 1), bytes);
  return files.size > 0 ? { location: reference, format: 'directory', files } : undefined;
}
