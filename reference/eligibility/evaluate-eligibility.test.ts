import { describe, expect, it } from 'vitest';
import { ineligibility } from './evaluate-eligibility.js';

const subject = {
  properties: {
    otelCollector: true,
    cpus: [{ cores: 4, architecture: 'amd64' }, { cores: 2, architecture: 'arm64' }],
    memory: '8Gi',
    supportedDeploymentTypes: ['helm', 'compose'],
    cores: 4,
  },
  labels: { 'example.com/site': 'plant-7', 'example.com/zones': ['a', 'b'], 'example.com/tier': 2 },
};
const rule = (selector: 'propertySelector' | 'labelSelector', ...matchExpressions: object[]) => ({ [selector]: { matchExpressions } });
const property = (key: string, operator: string, values?: unknown[], extra: object = {}) => rule('propertySelector', { key, operator, ...(values ? { values } : {}), ...extra });
const label = (key: string, operator: string, values?: unknown[]) => rule('labelSelector', { key, operator, ...(values ? { values } : {}) });

const ROWS: { title: string; rules: unknown[]; eligible: boolean }[] = [
  { title: 'no rules', rules: [], eligible: true },
  { title: 'In on a boolean property', rules: [property('/otelCollector', 'In', [true])], eligible: true },
  { title: 'In compares types exactly', rules: [property('/otelCollector', 'In', ['true'])], eligible: false },
  { title: 'In on a missing property', rules: [property('/gpu', 'In', [true])], eligible: false },
  { title: 'NotIn holds for a missing key', rules: [property('/gpu', 'NotIn', [true])], eligible: true },
  { title: 'NotIn fails for a listed value', rules: [label('example.com/site', 'NotIn', ['plant-7'])], eligible: false },
  { title: 'label keys are exact and case-sensitive', rules: [label('example.com/Site', 'Exists')], eligible: false },
  { title: 'Exists with values is malformed', rules: [label('example.com/site', 'Exists', ['x'])], eligible: false },
  { title: 'DoesNotExist', rules: [property('/gpu', 'DoesNotExist')], eligible: true },
  { title: 'Gt on a number', rules: [property('/cores', 'Gt', [3])], eligible: true },
  { title: 'Lt on a number', rules: [label('example.com/tier', 'Lt', [2])], eligible: false },
  { title: 'Gt needs exactly one value', rules: [property('/cores', 'Gt', [1, 2])], eligible: false },
  { title: 'JSON Pointer into an array', rules: [property('/cpus/1/architecture', 'In', ['arm64'])], eligible: true },
  { title: 'ContainsAll with values', rules: [property('/supportedDeploymentTypes', 'ContainsAll', ['helm', 'compose'])], eligible: true },
  { title: 'ContainsAll with a missing value', rules: [label('example.com/zones', 'ContainsAll', ['a', 'c'])], eligible: false },
  { title: 'ContainsAny with values', rules: [label('example.com/zones', 'ContainsAny', ['c', 'b'])], eligible: true },
  { title: 'ContainsAny with an itemSelector', rules: [property('/cpus', 'ContainsAny', undefined, { itemSelector: { matchExpressions: [{ key: '/architecture', operator: 'In', values: ['arm64'] }] } })], eligible: true },
  { title: 'ContainsAll with an itemSelector', rules: [property('/cpus', 'ContainsAll', undefined, { itemSelector: { matchExpressions: [{ key: '/cores', operator: 'Gt', values: [3] }] } })], eligible: false },
  { title: 'AND within a rule', rules: [{ ...property('/otelCollector', 'In', [true]), ...label('example.com/site', 'In', ['plant-9']) }], eligible: false },
  { title: 'OR across rules', rules: [label('example.com/site', 'In', ['plant-9']), property('/otelCollector', 'In', [true])], eligible: true },
  { title: 'an unknown operator does not hold', rules: [property('/cores', 'Equals', [4])], eligible: false },
];

describe('ineligibility (DS-032, DS-034)', () => {
  it.each(ROWS)('$title -> eligible $eligible', ({ rules, eligible }) => {
    expect(ineligibility({ eligibilityRules: rules }, subject) === undefined).toBe(eligible);
  });
});

describe('ineligibility with another value comparison', () => {
  const ignoringCase = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();
  it.each([
    label('example.com/site', 'In', ['PLANT-7']),
    label('example.com/zones', 'ContainsAll', ['A', 'b']),
    property('/cpus', 'ContainsAny', undefined, { itemSelector: { matchExpressions: [{ key: '/architecture', operator: 'In', values: ['ARM64'] }] } }),
  ])('it is used for %j', (rule) => {
    expect(ineligibility({ eligibilityRules: [rule] }, subject)).toBeDefined();
    expect(ineligibility({ eligibilityRules: [rule] }, subject, { compare: ignoringCase })).toBeUndefined();
  });
});
