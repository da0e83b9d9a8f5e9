import { WASM_PAGE_BYTES } from '../../../core/protocol/wasm-convention.js';
import { ByteReader, WasmReadError, readSections } from './byte-reader.js';

export interface MemoryLimits {
  /** `memory 0`, or `imported memory env.memory`. */
  name: string;
  initialPages: number;
  maximumPages?: number;
  pageBytes: number;
  memory64: boolean;
  shared: boolean;
}

const IMPORT_SECTION = 2;
const MEMORY_SECTION = 5;

/**
 * The linear memories of a core module, imported and defined, with their limits (WASM-011). A tiny
 * reader: it walks only the import and memory sections, and throws WasmReadError on anything it does not
 * know rather than guessing. Call it on a module `WebAssembly.validate` accepted.
 */
export function moduleMemories(bytes: Uint8Array): MemoryLimits[] {
  const memories: MemoryLimits[] = [];
  for (const section of readSections(bytes)) {
    if (section.id === IMPORT_SECTION) {
      const reader = new ByteReader(section.content);
      const count = reader.uleb();
      for (let i = 0; i < count; i++) {
        const module = reader.name();
        const field = reader.name();
        const kind = reader.byte();
        if (kind === 0x02) memories.push(memoryType(reader, `imported memory ${module}.${field}`));
        else skipImportDescription(reader, kind);
      }
    } else if (section.id === MEMORY_SECTION) {
      const reader = new ByteReader(section.content);
      const count = reader.uleb();
      const imported = memories.length;
      for (let i = 0; i < count; i++) memories.push(memoryType(reader, `memory ${imported + i}`));
    }
  }
  return memories;
}

/** Limits flags: bit 0 has a maximum, bit 1 shared (threads), bit 2 memory64, bit 3 custom page size. */
function memoryType(reader: ByteReader, name: string): MemoryLimits {
  const flags = reader.byte();
  if (flags > 0x0f) throw new WasmReadError(`${name} has limits flags 0x${flags.toString(16)}, which this reader does not know`);
  const memory64 = (flags & 0x04) !== 0;
  const bits = memory64 ? 64 : 32;
  const initialPages = reader.uleb(bits);
  const maximumPages = flags & 0x01 ? reader.uleb(bits) : undefined;
  const pageBytes = flags & 0x08 ? 2 ** reader.uleb() : WASM_PAGE_BYTES;
  return { name, initialPages, ...(maximumPages !== undefined ? { maximumPages } : {}), pageBytes, memory64, shared: (flags & 0x02) !== 0 };
}

function skipImportDescription(reader: ByteReader, kind: number): void {
  switch (kind) {
    case 0x00: // function: type index
      reader.uleb();
      return;
    case 0x01: // table: reference type, then limits
      skipValueType(reader);
      skipLimits(reader);
      return;
    case 0x03: // global: value type, mutability
      skipValueType(reader);
      reader.byte();
      return;
    case 0x04: // tag (exception handling): attribute, type index
      reader.byte();
      reader.uleb();
      return;
    default:
      throw new WasmReadError(`import kind 0x${kind.toString(16)} is not one this reader knows`);
  }
}

/** A value or reference type: one byte, or `ref`/`ref null` (0x64/0x63) followed by a heap type (GC proposal). */
function skipValueType(reader: ByteReader): void {
  const type = reader.byte();
  if (type === 0x63 || type === 0x64) reader.sleb33();
}

function skipLimits(reader: ByteReader): void {
  const flags = reader.byte();
  const bits = flags & 0x04 ? 64 : 32;
  reader.uleb(bits);
  if (flags & 0x01) reader.uleb(bits);
}
