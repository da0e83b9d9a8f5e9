export type WasmBinaryKind = 'module' | 'component' | 'unknown';

export interface WasmHeader {
  kind: WasmBinaryKind;
  /** What the header says, for messages: `core module, version 1`, `component, encoding 0x0d`, `not Wasm (starts 7f 45 4c 46)`. */
  description: string;
  /** A component whose encoding is not the one the component model standardised (0x0d, layer 1). */
  preStandard?: boolean;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
/** The component model binary: version 0x0d, layer 1 (`0d 00 01 00`); earlier drafts used 0x0a..0x0c. */
const COMPONENT_VERSION = 0x0d;

/**
 * Tells a core module from a component by the header alone (WASM-007, WASM-008): both start with `\0asm`;
 * a core module has the 32-bit version 1, a component a 16-bit encoding version and the 16-bit layer 1.
 */
export function readWasmHeader(bytes: Uint8Array): WasmHeader {
  const hex = (from: number, to: number) => [...bytes.subarray(from, to)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    return { kind: 'unknown', description: `not Wasm (starts ${hex(0, 8) || 'empty'})` };
  }
  const version = (bytes[4] as number) | ((bytes[5] as number) << 8);
  const layer = (bytes[6] as number) | ((bytes[7] as number) << 8);
  if (layer === 0 && version === 1) return { kind: 'module', description: 'core module, version 1' };
  if (layer === 1) {
    const encoding = `0x${version.toString(16).padStart(2, '0')}`;
    return version === COMPONENT_VERSION
      ? { kind: 'component', description: `component, encoding ${encoding}` }
      : { kind: 'component', description: `component, pre-standard encoding ${encoding}`, preStandard: true };
  }
  return { kind: 'unknown', description: `Wasm header with version ${version} and layer ${layer} (${hex(4, 8)})` };
}
