import type { Profile } from '../core/profiles/profile.js';
import type { Check } from '../core/runner/check.js';

type CheckSet = () => Promise<readonly Check<never>[]>;

/**
 * The named check sets a profile's `checks:` list selects from (`profiles/*.yaml`). This table is the only
 * place that knows every suite; the CLI, the library and `requirements` read a profile's checks through it.
 * Each suite is imported only when a profile runs it: a package run need not load the device suite.
 */
export const CHECK_SETS: Record<string, CheckSet> = {
  'package-format': async () => (await import('../suites/package-format/index.js')).PACKAGE_CHECKS,
  'compose-package': async () => {
    const compose = await import('../suites/compose/index.js');
    return [compose.componentCoordinates, compose.packageComposeArchives];
  },
  'helm-package': async () => {
    const helm = await import('../suites/helm/index.js');
    return [helm.packageHelmCharts, helm.wasmRuntimeClass];
  },
  'wasm-package': async () => (await import('../suites/wasm/index.js')).WASM_CHECKS,
  compose: async () => (await import('../suites/compose/index.js')).composeChecks(),
  'wfm-api': async () => (await import('../suites/wfm-api/index.js')).WFM_CHECKS,
  'device-api': async () => (await import('../suites/device-api/index.js')).DEVICE_CHECKS,
};

/**
 * The checks a profile runs, in table order. The runner that calls it knows the context its profile's
 * checks take; a profile naming an unknown set is a broken installation.
 */
export async function checksOf<Context>(profile: Profile): Promise<Check<Context>[]> {
  const sets = await Promise.all(
    profile.checks.map((name) => {
      const set = Object.hasOwn(CHECK_SETS, name) ? CHECK_SETS[name] : undefined;
      if (!set) throw new Error(`profile ${profile.id} names check set "${name}", which harness/check-sets.ts does not have`);
      return set();
    }),
  );
  return sets.flat() as Check<Context>[];
}

/** Every requirement ID some check of the profile declares. */
export async function requirementsCheckedBy(profile: Profile): Promise<Set<string>> {
  return new Set((await checksOf(profile)).flatMap((check) => check.requirements));
}
