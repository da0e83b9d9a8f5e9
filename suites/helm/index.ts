import type { Check } from '../../core/runner/check.js';
import type { HelmContext } from './chart.js';
import { chartApiVersion } from './checks/chart-api-version.js';
import { noCrds } from './checks/no-crds.js';
import { noHooks } from './checks/no-hooks.js';
import { noLookup } from './checks/no-lookup.js';
import { renderedPodSecurity } from './checks/rendered-pod-security.js';

export { chartFromEntries, loadChart, type HelmChart, type HelmContext } from './chart.js';
export { findHelm, helmRenderer } from './find-helm.js';

/** The static chart checks (PKG-004, PKG-005). */
export const CHART_CHECKS: readonly Check<HelmContext>[] = [chartApiVersion, noLookup, noHooks, noCrds];

/** The static checks, then the Pod Security rules on rendered pods (skipped without helm). */
export function helmChecks(): Check<HelmContext>[] {
  return [...CHART_CHECKS, renderedPodSecurity()];
}
export { packageHelmCharts } from './package-helm-charts.js';
export { wasmRuntimeClass } from './checks/wasm-runtime-class.js';
