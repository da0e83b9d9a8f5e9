import { describe, expect, it } from 'vitest';
import { wasmDescription, wasmPackageContext } from '../test-support/wasm-package-context.js';
import { eligibilityLabels } from './eligibility-labels.js';

const RUNTIME = '{ key: wasm.conformance.example/runtime, operator: Exists }';
const rules = (...expressions: string[][]) =>
  ['    deviceConstraints:', '      eligibilityRules:', ...expressions.flatMap((rule) => ['        - labelSelector:', '            matchExpressions:', ...rule.map((e) => `              - ${e}`)])].join('\n');
const component = '        x-wasm-conformance-extensions: { wasi: wasip1 }';
const wasi = (operator: string, values: string) => `{ key: wasm.conformance.example/wasi, operator: ${operator}, itemSelector: { matchExpressions: [{ key: "", operator: In, values: ${values} }] } }`;

describe('eligibilityLabels (WASM-003)', () => {
  it.each([
    ['runtime Exists and an item of wasi In [wasip1]', rules([RUNTIME, wasi('ContainsAny', '[wasip1]')]), []],
    ['runtime In [wasmtime] and every item of wasi In [wasip1]', rules(['{ key: wasm.conformance.example/runtime, operator: In, values: [wasmtime] }', wasi('ContainsAll', '[wasip1]')]), []],
    ['an item of wasi In [wasip1, wasip2]', rules([RUNTIME, wasi('ContainsAny', '[wasip1, wasip2]')]), ['rule 0']],
    ['wasi ContainsAny with values instead of an itemSelector', rules([RUNTIME, '{ key: wasm.conformance.example/wasi, operator: ContainsAny, values: [wasip1] }']), ['rule 0']],
    ['a second rule without the runtime label (rules are ORed)', rules([RUNTIME, wasi('ContainsAny', '[wasip1]')], ['{ key: example.com/zone, operator: In, values: [a] }']), ['rule 1']],
    ['runtime NotIn', rules(['{ key: wasm.conformance.example/runtime, operator: NotIn, values: [x] }', wasi('ContainsAny', '[wasip1]')]), ['rule 0']],
    ['no eligibility rules', '', ['no rules']],
  ])('judges %s', async (_, profile, expected) => {
    const findings = await eligibilityLabels.run(wasmPackageContext(wasmDescription({ profile, component })));
    expect(findings.map((f) => (/eligibility rule (\d+)/.exec(f.message) ? `rule ${/eligibility rule (\d+)/.exec(f.message)?.[1]}` : 'no rules'))).toEqual(expected);
  });
});
