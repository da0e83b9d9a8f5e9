/** Raised when a binary ends early or holds an encoding the reader does not know; the caller turns it into a finding. */
export class WasmReadError extends Error {
  override name = 'WasmReadError';
}

/**
 * A cursor over Wasm binary bytes. Every read is bounds-checked and LEB128 numbers are capped at their
 * encoded width, so hostile input ends in a WasmReadError, never in a loop or an out-of-range read.
 */
export class ByteReader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset = 0,
    private readonly end = bytes.length,
  ) {}

  get done(): boolean {
    return this.offset >= this.end;
  }

  byte(): number {
    if (this.offset >= this.end) throw new WasmReadError(`unexpected end of data at byte ${this.offset}`);
    return this.bytes[this.offset++] as number;
  }

  /** Unsigned LEB128 of at most `bits` bits (32 or 64), as a number (64-bit values above 2^53 lose precision, which limits tolerate). */
  uleb(bits: 32 | 64 = 32): number {
    let result = 0;
    let scale = 1;
    const maxBytes = Math.ceil(bits / 7);
    for (let i = 0; i < maxBytes; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new WasmReadError(`LEB128 number longer than ${maxBytes} bytes at byte ${this.offset}`);
  }

  /** Signed LEB128 of at most 33 bits (heap types); only its extent matters here. */
  sleb33(): void {
    for (let i = 0; i < 5; i++) if ((this.byte() & 0x80) === 0) return;
    throw new WasmReadError(`s33 number longer than 5 bytes at byte ${this.offset}`);
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const length = this.uleb();
    const slice = this.take(length);
    return new TextDecoder('utf-8', { fatal: false }).decode(slice);
  }

  take(length: number): Uint8Array {
    if (length > this.end - this.offset) throw new WasmReadError(`${length} bytes needed at byte ${this.offset}, only ${this.end - this.offset} left`);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}

export interface Section {
  id: number;
  /** Offset of the section's content in the binary. */
  offset: number;
  content: Uint8Array;
}

/** The sections after the 8-byte header, each as id and content; throws WasmReadError when a size leaves the binary. */
export function readSections(bytes: Uint8Array): Section[] {
  const reader = new ByteReader(bytes, 8);
  const sections: Section[] = [];
  while (!reader.done) {
    const id = reader.byte();
    const size = reader.uleb();
    const offset = reader.offset;
    sections.push({ id, offset, content: reader.take(size) });
  }
  return sections;
}

/** The bytes as a `BufferSource` for the WebAssembly API, copying only when they live in a SharedArrayBuffer. */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : Uint8Array.from(bytes);
}
