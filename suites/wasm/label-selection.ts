import { asArray, isRecord } from '../package-format/description.js';
import { WASM_LABELS, type WasiLevel } from '../../core/protocol/wasm-convention.js';

export interface EligibilityRule {
  rule: unknown;
  pointer: string;
}

/** The profile's eligibility rules with their pointers (rc.3: OR across rules, AND within one, see DS-034). */
export function eligibilityRulesOf(profile: { value: Record<string, unknown>; pointer: string }): EligibilityRule[] {
  const constraints = isRecord(profile.value.deviceConstraints) ? profile.value.deviceConstraints : {};
  return asArray(constraints.eligibilityRules).map((rule, index) => ({ rule, pointer: `${profile.pointer}/deviceConstraints/eligibilityRules/${index}` }));
}

function labelExpressions(rule: unknown): Record<string, unknown>[] {
  const selector = isRecord(rule) ? rule.labelSelector : undefined;
  return asArray(isRecord(selector) ? selector.matchExpressions : undefined).filter(isRecord);
}

const stringsOf = (values: unknown): string[] => asArray(values).filter((v): v is string => typeof v === 'string');

/**
 * Whether a rule admits only devices that declare a Wasm runtime: an `Exists`, or an `In` with values, on
 * the runtime label (a string label). With `runtimeName`, an `In` must list it (WASM-003, WASM-012).
 */
export function selectsRuntime(rule: unknown, runtimeName?: string): boolean {
  return labelExpressions(rule).some((e) => {
    if (e.key !== WASM_LABELS.runtime) return false;
    if (e.operator === 'Exists') return asArray(e.values).length === 0;
    if (e.operator !== 'In') return false;
    const values = stringsOf(e.values);
    return values.length > 0 && (runtimeName === undefined || values.includes(runtimeName));
  });
}

/**
 * Whether a rule admits only devices offering `level`. The WASI label is a list, and rc.3 matches list
 * elements through an `itemSelector` (PKG-046), whose pointer "" is the element itself:
 * `{key: wasm.conformance.example/wasi, operator: ContainsAny, itemSelector: {matchExpressions: [{key: "", operator: In, values: [wasip1]}]}}`.
 * An `In` naming another level too would admit devices that cannot run the binary (WASM-003).
 */
export function selectsWasiLevel(rule: unknown, level: WasiLevel): boolean {
  return labelExpressions(rule).some((e) => {
    if (e.key !== WASM_LABELS.wasi || (e.operator !== 'ContainsAny' && e.operator !== 'ContainsAll')) return false;
    const item = isRecord(e.itemSelector) ? e.itemSelector : undefined;
    return asArray(item?.matchExpressions).some((inner) => {
      if (!isRecord(inner) || inner.key !== '' || inner.operator !== 'In') return false;
      const values = asArray(inner.values);
      return values.length > 0 && values.every((v) => v === level);
    });
  });
}
