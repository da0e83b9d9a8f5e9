import { describe, expect, it } from 'vitest';
import { compileWat } from '../../../instruments/wasm-artifacts/compile-wat.js';
import { EMPTY_COMPONENT } from '../test-support/wasm-fixtures.js';
import { MAX_WASM_BYTES } from '../../../core/protocol/wasm-convention.js';
import { inspectWasm } from './inspect-wasm.js';
import { moduleMemories } from './module-memories.js';
import { readWasmHeader } from './wasm-header.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
/** A component holding one core module section with the given payload. */
const componentWithCoreModule = (module: Uint8Array) => Uint8Array.from([...EMPTY_COMPONENT, 0x01, module.length, ...module]);

describe('readWasmHeader', () => {
  it.each([
    ['a core module', bytes(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0), 'module', 'core module, version 1'],
    ['a component', EMPTY_COMPONENT, 'component', 'component, encoding 0x0d'],
    ['a pre-standard component', bytes(0, 0x61, 0x73, 0x6d, 0x0a, 0, 1, 0), 'component', 'component, pre-standard encoding 0x0a'],
    ['an ELF file', bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0), 'unknown', 'not Wasm (starts 7f 45 4c 46 02 01 01 00)'],
    ['an empty file', bytes(), 'unknown', 'not Wasm (starts empty)'],
    ['a module of version 2', bytes(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0), 'unknown', 'Wasm header with version 2 and layer 0 (02 00 00 00)'],
  ])('reads %s', (_, input, kind, description) => {
    expect(readWasmHeader(input)).toMatchObject({ kind, description });
  });
});

describe('moduleMemories', () => {
  it.each([
    ['a defined memory without maximum', '(module (memory 2))', [{ name: 'memory 0', initialPages: 2, pageBytes: 65536, memory64: false, shared: false }]],
    ['a defined memory with maximum', '(module (memory 1 3))', [{ name: 'memory 0', initialPages: 1, maximumPages: 3, pageBytes: 65536, memory64: false, shared: false }]],
    [
      'an imported memory after a function and a global import',
      '(module (import "m" "f" (func)) (import "m" "g" (global i32)) (import "env" "memory" (memory 5 9)))',
      [{ name: 'imported memory env.memory', initialPages: 5, maximumPages: 9, pageBytes: 65536, memory64: false, shared: false }],
    ],
    ['a module without memory', '(module)', []],
  ])('reads %s', async (_, wat, expected) => {
    expect(moduleMemories(await compileWat(wat))).toEqual(expected);
  });
});

describe('inspectWasm', () => {
  it('lists the imports and exports of a core module without instantiating it', async () => {
    const facts = inspectWasm(await compileWat('(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (func (export "_start") unreachable))'));
    expect(facts).toMatchObject({ kind: 'module', imports: [{ module: 'wasi_snapshot_preview1', name: 'proc_exit', kind: 'function' }], exports: [{ name: '_start', kind: 'function' }] });
  });

  it('gives the compile error of a module WebAssembly.validate rejects', () => {
    const facts = inspectWasm(bytes(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x01, 0x05, 0x01));
    expect(facts.kind).toBe('invalid-module');
    expect(facts.kind === 'invalid-module' && facts.error).toMatch(/extends past end of the module/);
  });

  it('validates a core module embedded in a component', async () => {
    const facts = inspectWasm(componentWithCoreModule(await compileWat('(module)')));
    expect(facts).toEqual({ kind: 'component', header: { kind: 'component', description: 'component, encoding 0x0d' }, structure: { coreModules: 1 } });
  });

  it.each([
    ['an embedded core module that does not validate', componentWithCoreModule(bytes(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x0a, 0x01)), 'embedded core module at byte 10 does not validate'],
    ['a section id outside the component sections', Uint8Array.from([...EMPTY_COMPONENT, 0x0c, 0x00]), 'section 12 at byte 10 has an id that is not a component section (0..11)'],
    ['a section size past the end', Uint8Array.from([...EMPTY_COMPONENT, 0x07, 0x09, 0x00]), '9 bytes needed at byte 10, only 1 left'],
  ])('reports %s as a component structure problem', (_, input, problem) => {
    const facts = inspectWasm(input);
    expect(facts.kind === 'component' && facts.structure.problem).toBe(problem);
  });

  it('refuses a binary over the size limit without reading it', () => {
    expect(inspectWasm(new Uint8Array(MAX_WASM_BYTES + 1))).toEqual({ kind: 'too-large', size: MAX_WASM_BYTES + 1 });
  });
});
