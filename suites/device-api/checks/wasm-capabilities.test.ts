import { describe, expect, it } from 'vitest';
import { wasmCapabilityProblems } from './wasm-capabilities.js';

const GOOD = {
  properties: { supportedRuntimes: ['custom'], supportedDeploymentTypes: ['custom', 'compose'] },
  labels: { 'wasm.conformance.example/runtime': 'wasmtime', 'wasm.conformance.example/wasi': ['wasip1'], 'wasm.conformance.example/max-memory-bytes': 16777216 },
};

describe('wasmCapabilityProblems (WASM-013)', () => {
  it.each([
    { title: 'accepts the draft declaration', body: GOOD, problems: [] },
    {
      title: 'refuses a device without custom',
      body: { ...GOOD, properties: { supportedRuntimes: ['oci'], supportedDeploymentTypes: ['helm'] } },
      problems: ['properties.supportedRuntimes is ["oci"], without "custom"', 'properties.supportedDeploymentTypes is ["helm"], without "custom"'],
    },
    {
      title: 'refuses malformed labels',
      body: { ...GOOD, labels: { 'wasm.conformance.example/runtime': '', 'wasm.conformance.example/wasi': ['wasip3'], 'wasm.conformance.example/max-memory-bytes': '16Mi' } },
      problems: [
        'label wasm.conformance.example/runtime is ""; expected the engine\'s name',
        'label wasm.conformance.example/wasi is ["wasip3"]; expected a non-empty list of wasip1, wasip2',
        'label wasm.conformance.example/max-memory-bytes is "16Mi"; expected a positive number of bytes',
      ],
    },
  ])('$title', ({ body, problems }) => {
    expect(wasmCapabilityProblems(body)).toEqual(problems);
  });
});
