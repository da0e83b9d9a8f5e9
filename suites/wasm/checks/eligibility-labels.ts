import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { locate } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';
import { eligibilityRulesOf, selectsRuntime, selectsWasiLevel } from '../label-selection.js';
import { WASM_LABELS } from '../../../core/protocol/wasm-convention.js';
import { withWasmComponents } from './wasm-input.js';

const REQUIREMENT = 'WASM-003';

/**
 * WASM-003: every eligibility rule of a Wasm component's profile selects the runtime label and the WASI
 * level the component declares. Rules are ORed (DS-034), so one rule without them would let the WFM place
 * the component on a device that has no Wasm runtime, or the wrong WASI level.
 */
export const eligibilityLabels = defineCheck<PackageContext>({
  id: 'wasm/eligibility-labels',
  title: 'Wasm profiles select devices by the Wasm runtime and WASI labels',
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmComponents(context, [REQUIREMENT], (component) => {
      const profile = component.profile;
      const name = `${context.pkg.descriptionFile}: deployment profile "${String(profile.value.id)}"`;
      const level = component.settings.wasi;
      const wasiExample = `{key: ${WASM_LABELS.wasi}, operator: ContainsAny, itemSelector: {matchExpressions: [{key: "", operator: In, values: [${level ?? 'wasip1'}]}]}}`;
      const fix = `Give every rule a labelSelector with {key: ${WASM_LABELS.runtime}, operator: Exists} and ${wasiExample}.`;
      const rules = eligibilityRulesOf(profile);
      if (rules.length === 0) {
        return [fail(context, `${profile.pointer}/deviceConstraints`, `${name} has no eligibility rules, so any device may be chosen for Wasm component "${component.name}" (${REQUIREMENT}). ${fix}`)];
      }
      const findings: Finding[] = [];
      for (const [index, { rule, pointer }] of rules.entries()) {
        const missing = [
          ...(selectsRuntime(rule) ? [] : [`the runtime label ${WASM_LABELS.runtime} (Exists or In)`]),
          ...(level && !selectsWasiLevel(rule, level) ? [`the WASI label ${WASM_LABELS.wasi} with ${level}`] : []),
        ];
        if (missing.length === 0) continue;
        findings.push(fail(context, pointer, `${name}: eligibility rule ${index} does not select ${missing.join(' or ')}, which Wasm component "${component.name}" needs (${REQUIREMENT}). ${fix}`));
      }
      return findings;
    }),
});

function fail(context: PackageContext, pointer: string, message: string): Finding {
  return { requirement: REQUIREMENT, outcome: 'fail', message, location: locate(context, pointer) };
}
