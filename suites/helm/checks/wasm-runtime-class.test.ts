import { describe, expect, it } from 'vitest';
import { makeTarball } from '../../../core/input/test-support/make-tarball.js';
import { wasmPackageContext } from '../../wasm/test-support/wasm-package-context.js';
import { wasmRuntimeClass } from './wasm-runtime-class.js';
import { wasmRuntimeClassUses } from './wasm-runtime-class-names.js';

const description = (repository: string, rules = '') =>
  [
    'apiVersion: margo.org/v1-alpha1',
    'kind: ApplicationDescription',
    'id: line-filter',
    'metadata: { name: Line Filter, version: 1.0.0, catalog: { organization: [{ name: Example }] } }',
    'deploymentProfiles:',
    '  - type: helm',
    '    id: spin',
    ...(rules ? ['    deviceConstraints:', '      eligibilityRules:', `        - labelSelector: { matchExpressions: [${rules}] }`] : []),
    '    components:',
    `      - name: line-filter`,
    `        properties: { repository: "${repository}", revision: 1.0.0 }`,
    '',
  ].join('\n');
const chart = (template: string, values = ''): [string, Uint8Array][] => [
  ['charts/lf/Chart.yaml', Buffer.from('apiVersion: v2\nname: lf\nversion: 1.0.0\n')],
  ['charts/lf/templates/pod.yaml', Buffer.from(`kind: Pod\nspec:\n  ${template}\n  containers: [{ name: a, image: a }]\n`)],
  ...(values ? [['charts/lf/values.yaml', Buffer.from(values)] as [string, Uint8Array]] : []),
];
const chartOf = (files: [string, Uint8Array][]) => ({ location: 'lf', format: 'directory' as const, files: new Map(files.map(([n, b]) => [n.replace('charts/lf/', ''), b])) });

describe('wasmRuntimeClassUses', () => {
  it.each([
    ['a literal', chart('runtimeClassName: wasmtime'), undefined, ['wasmtime templates/pod.yaml:3']],
    ['a value read from values.yaml', chart('runtimeClassName: {{ .Values.pod.runtime }}', 'pod:\n  runtime: spin\n'), undefined, ['spin templates/pod.yaml:3']],
    ['a quoted default', chart('runtimeClassName: {{ .Values.rc | default "wasmedge" }}'), undefined, ['wasmedge templates/pod.yaml:3']],
    ['a runtimeClassName key in values.yaml', chart('{{- toYaml .Values.podSpec | nindent 2 }}', 'podSpec:\n  runtimeClassName: lunatic\n'), undefined, ['lunatic values.yaml:2']],
    ['helm template output', chart('hostname: a'), 'kind: Pod\nspec:\n  runtimeClassName: wws\n', ['wws (helm template output):3']],
    ['a class that is not a Wasm shim', chart('runtimeClassName: gvisor'), undefined, []],
  ])('finds %s', (_, files, rendered, expected) => {
    expect(wasmRuntimeClassUses(chartOf(files), rendered).map((u) => `${u.name} ${u.file}:${u.line}`)).toEqual(expected);
  });
});

describe('wasmRuntimeClass (WASM-012)', () => {
  it.each([
    ['a Wasm chart targeted with In naming its class', description('charts/lf', '{ key: wasm.conformance.example/runtime, operator: In, values: [wasmtime] }'), chart('runtimeClassName: wasmtime'), []],
    ['a Wasm chart targeted with Exists', description('charts/lf', '{ key: wasm.conformance.example/runtime, operator: Exists }'), chart('runtimeClassName: wasmtime'), []],
    ['a Wasm chart targeted at another class', description('charts/lf', '{ key: wasm.conformance.example/runtime, operator: In, values: [wasmedge] }'), chart('runtimeClassName: wasmtime'), ['WASM-012 fail']],
    ['a Wasm chart without eligibility rules', description('charts/lf'), chart('runtimeClassName: wasmtime'), ['WASM-012 fail']],
    ['a chart without a Wasm class', description('charts/lf'), chart('runtimeClassName: kata'), ['WASM-012 skip']],
    ['a chart only in a registry', description('oci://registry.example.com/charts/lf'), [], ['WASM-012 skip']],
  ])('judges %s', async (_, text, files, expected) => {
    const findings = await wasmRuntimeClass.run(wasmPackageContext(text, files));
    expect(findings.map((f) => `${f.requirement} ${f.outcome}`)).toEqual(expected);
  });

  it('reads a packaged chart (.tgz) in the package', async () => {
    const tgz = await makeTarball([
      { name: 'lf/Chart.yaml', content: 'apiVersion: v2\nname: lf\nversion: 1.0.0\n' },
      { name: 'lf/templates/pod.yaml', content: 'kind: Pod\nspec:\n  runtimeClassName: spin\n' },
    ]);
    const findings = await wasmRuntimeClass.run(wasmPackageContext(description('charts/lf-1.0.0.tgz'), [['charts/lf-1.0.0.tgz', tgz]]));
    expect(findings.map((f) => f.message)).toEqual([
      'margo.yaml: Helm profile "spin" deploys chart charts/lf-1.0.0.tgz, whose pods set runtimeClassName spin (charts/lf-1.0.0.tgz/templates/pod.yaml:3), but has no eligibility rules, so it may land on a cluster without that Wasm shim (WASM-012). Add an eligibility rule whose labelSelector has {key: wasm.conformance.example/runtime, operator: In, values: [spin]}.',
    ]);
  });
});
