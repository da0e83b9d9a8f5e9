import { describe, expect, it } from 'vitest';
import { wasmDescription, wasmPackageContext } from '../test-support/wasm-package-context.js';
import { extensionSettings } from './extension-settings.js';

const ext = (fields: string) => `        x-wasm-conformance-extensions: ${fields}`;

describe('extensionSettings (WASM-001)', () => {
  it.each([
    ['well-formed settings', { component: ext('{ wasi: wasip1, entrypoint: run, memoryLimitBytes: 65536, args: [a], env: { A_B: "1" }, localArtifact: wasm/a.wasm }') }, []],
    ['a missing wasi', { component: ext('{ entrypoint: run }') }, ['margo.yaml: component "line-filter": x-wasm-conformance-extensions.wasi is missing; expected one of wasip1, wasip2 (WASM-001). Set wasi to the WASI level the binary was built for.']],
    ['a field the draft does not have', { component: ext('{ wasi: wasip1, memoryLimit: 1024 }') }, ['margo.yaml: component "line-filter": x-wasm-conformance-extensions.memoryLimit is not a field of the draft (WASM-001). Use only wasi, entrypoint, memoryLimitBytes, args, env, localArtifact.']],
    ['an env value that is a number', { component: ext('{ wasi: wasip1, env: { LEVEL: 3 } }') }, ['margo.yaml: component "line-filter": x-wasm-conformance-extensions.env is {"LEVEL":3}; expected a mapping of variable names ([A-Za-z_][A-Za-z0-9_]*) to strings (WASM-001). Quote each value as a string.']],
    ['a localArtifact leaving the package', { component: ext('{ wasi: wasip1, localArtifact: ../a.wasm }') }, ['margo.yaml: component "line-filter": x-wasm-conformance-extensions.localArtifact is "../a.wasm"; expected a relative path inside the package (WASM-001). Name a .wasm file or an OCI image layout directory of the package, for example wasm/app.wasm.']],
    ['a memory limit of zero', { component: ext('{ wasi: wasip1, memoryLimitBytes: 0 }') }, ['margo.yaml: component "line-filter": x-wasm-conformance-extensions.memoryLimitBytes is 0; expected a positive whole number of bytes (WASM-001). Give the limit in bytes, for example 1048576.']],
    ['the extension on the profile', { profile: '    x-wasm-conformance-extensions: { wasi: wasip1 }' }, ['margo.yaml: x-wasm-conformance-extensions is on deploymentProfiles[0], where the draft does not read it (WASM-001). Move it onto each Wasm component.']],
  ])('judges %s', async (_, parts, expected) => {
    const findings = await extensionSettings.run(wasmPackageContext(wasmDescription(parts)));
    expect(findings.filter((f) => f.outcome === 'fail').map((f) => f.message)).toEqual(expected);
  });

  it('skips a package without Wasm components, in one line', async () => {
    const findings = await extensionSettings.run(wasmPackageContext(wasmDescription({})));
    expect(findings).toEqual([{ requirement: 'WASM-001', outcome: 'skip', message: 'The package has no component with x-wasm-conformance-extensions; WASM-001 applies to Wasm components only.' }]);
  });
});
