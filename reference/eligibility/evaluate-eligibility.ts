import { isRecord, resolvePointer } from './resolve-pointer.js';

export interface EligibilitySubject {
  properties: Record<string, unknown>;
  labels: Record<string, unknown>;
}

/** Whether a match expression's value (first) equals the device's (second). */
export type ValueComparison = (expected: unknown, actual: unknown) => boolean;

export interface EligibilityOptions {
  /** How `In`, `NotIn`, `ContainsAll` and `ContainsAny` compare values; exact by default (DS-034). */
  compare?: ValueComparison;
  /** Fault contains-all-as-any (reference device): ContainsAll holds when any element matches, like ContainsAny. */
  containsAllAsAny?: boolean;
}

type Lookup = (key: string) => { found: true; value: unknown } | { found: false };

/**
 * DS-032 (device), DS-033 (WFM), DS-034: `deviceConstraints.eligibilityRules` against a device's
 * capabilities. OR across rules, AND within a rule (its property and label selectors) and within a
 * selector (its expressions). Property keys are JSON Pointers into `properties`, label keys exact
 * `labels` keys; values compare exactly (type and case). Readings where the spec is silent:
 * - NotIn and DoesNotExist hold for a missing key; every other operator needs the key.
 * - In/NotIn need at least one value, Gt/Lt exactly one number, Exists/DoesNotExist none; a malformed
 *   expression does not hold.
 * - ContainsAll/ContainsAny need an array; with `itemSelector` they hold when all / any elements satisfy
 *   that selector (an element is the root of its pointers), with `values` when the array holds all / any
 *   of them. An empty array holds neither.
 * capacityRequirements are not evaluated here: the device does not pre-check them (MAY), the WFM
 * matches them itself (CAP-010).
 * Returns undefined when eligible, else why not.
 */
export function ineligibility(constraints: Record<string, unknown> | undefined, subject: EligibilitySubject, options: EligibilityOptions = {}): string | undefined {
  const rules = options.containsAllAsAny ? containsAllAsAny(constraints?.['eligibilityRules']) : constraints?.['eligibilityRules'];
  if (!Array.isArray(rules) || rules.length === 0) return undefined;
  const compare = options.compare ?? sameValue;
  const reasons: string[] = [];
  for (const [index, rule] of rules.entries()) {
    const reason = ruleProblem(rule, subject, compare);
    if (reason === undefined) return undefined;
    reasons.push(`rule ${index + 1}: ${reason}`);
  }
  return `no eligibility rule holds for this device (${reasons.join('; ')})`;
}

/** DS-034: values are equal in type and case; arrays and objects by their JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  return typeof a === 'object' || typeof b === 'object' ? JSON.stringify(a) === JSON.stringify(b) : a === b;
}

function ruleProblem(rule: unknown, subject: EligibilitySubject, compare: ValueComparison): string | undefined {
  if (!isRecord(rule)) return 'not an object';
  const byPointer: Lookup = (key) => resolvePointer(subject.properties, key);
  const byLabel: Lookup = (key) => (Object.hasOwn(subject.labels, key) ? { found: true, value: subject.labels[key] } : { found: false });
  if (rule['propertySelector'] !== undefined) {
    const problem = selectorProblem(rule['propertySelector'], byPointer, compare);
    if (problem) return `propertySelector ${problem}`;
  }
  if (rule['labelSelector'] !== undefined) {
    const problem = selectorProblem(rule['labelSelector'], byLabel, compare);
    if (problem) return `labelSelector ${problem}`;
  }
  return undefined;
}

function selectorProblem(selector: unknown, lookup: Lookup, compare: ValueComparison): string | undefined {
  const expressions = isRecord(selector) ? selector['matchExpressions'] : undefined;
  if (!Array.isArray(expressions)) return 'has no matchExpressions';
  for (const expression of expressions) {
    if (!holds(expression, lookup, compare)) return `expression ${JSON.stringify(expression)} does not hold`;
  }
  return undefined;
}

function holds(expression: unknown, lookup: Lookup, compare: ValueComparison): boolean {
  if (!isRecord(expression) || typeof expression['key'] !== 'string' || typeof expression['operator'] !== 'string') return false;
  const values = Array.isArray(expression['values']) ? expression['values'] : [];
  const at = lookup(expression['key']);
  const value = at.found ? at.value : undefined;
  switch (expression['operator']) {
    case 'In':
      return at.found && values.length > 0 && values.some((candidate) => compare(candidate, value));
    case 'NotIn':
      return values.length > 0 && !(at.found && values.some((candidate) => compare(candidate, value)));
    case 'Exists':
      return values.length === 0 && at.found;
    case 'DoesNotExist':
      return values.length === 0 && !at.found;
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? values[0] : undefined;
      if (typeof bound !== 'number' || typeof value !== 'number') return false;
      return expression['operator'] === 'Gt' ? value > bound : value < bound;
    }
    case 'ContainsAll':
    case 'ContainsAny':
      return contains(expression, values, value, expression['operator'] === 'ContainsAll', compare);
    default:
      return false;
  }
}

function contains(expression: Record<string, unknown>, values: unknown[], value: unknown, all: boolean, compare: ValueComparison): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  if (expression['itemSelector'] !== undefined) {
    const matches = (element: unknown) => selectorProblem(expression['itemSelector'], (key) => resolvePointer(element, key), compare) === undefined;
    return all ? value.every(matches) : value.some(matches);
  }
  if (values.length === 0) return false;
  const has = (candidate: unknown) => value.some((element) => compare(candidate, element));
  return all ? values.every(has) : values.some(has);
}

/** The rules with every ContainsAll turned into ContainsAny, item selectors included (fault contains-all-as-any). */
function containsAllAsAny(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(containsAllAsAny);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, key === 'operator' && member === 'ContainsAll' ? 'ContainsAny' : containsAllAsAny(member)]));
}
