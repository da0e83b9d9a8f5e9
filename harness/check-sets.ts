import type { Profile } from '../core/profiles/profile.js';
import type { Check } from '../core/runner/check.js';
import { composeChecks, componentCoordinates, packageComposeArchives } from '../suites/compose/index.js';
import { DEVICE_CHECKS } from '../suites/device-api/index.js';
import { packageHelmCharts, wasmRuntimeClass } from '../suites/helm/index.js';
import { PACKAGE_CHECKS } from '../suites/package-format/index.js';
import { WASM_CHECKS } from '../suites/wasm/index.js';
import { WFM_CHECKS } from '../suites/wfm-api/index.js';

/**
 * The named check sets a profile's `checks:` list selects from (`profiles/*.yaml`). This table is the only
 * place that knows every suite; the CLI, the library and `requirements` read a profile's checks through it.
 */
export const CHECK_SETS: Record<string, () => readonly Check<never>[]> = {
  'package-format': () => PACKAGE_CHECKS,
  'compose-package': () => [componentCoordinates, packageComposeArchives],
  'helm-package': () => [packageHelmCharts, wasmRuntimeClass],
  'wasm-package': () => WASM_CHECKS,
  compose: () => composeChecks(),
  'wfm-api': () => WFM_CHECKS,
  'device-api': () => DEVICE_CHECKS,
};

/**
 * The checks a profile runs, in table order. The runner that calls it knows the context its profile's
 * checks take; a profile naming an unknown set is a broken installation.
 */
export function checksOf<Context>(profile: Profile): Check<Context>[] {
  return profile.checks.flatMap((name) => {
    const set = CHECK_SETS[name];
    if (!set) throw new Error(`profile ${profile.id} names check set "${name}", which harness/check-sets.ts does not have`);
    return set() as readonly Check<Context>[];
  });
}

/** Every requirement ID some check of the profile declares. */
export function requirementsCheckedBy(profile: Profile): Set<string> {
  return new Set(checksOf(profile).flatMap((check) => check.requirements));
}
