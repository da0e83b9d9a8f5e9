// The reference device's own reading of a Wasm binary, kept apart from the suite's reader
// (suites/wasm/binary/) on purpose: the reference is what the self-test judges with the suite's code, so
// a bug in one shared reader could hide on both sides. It reads only what the device acts on: the
// header's kind and the initial size of every linear memory.

const PAGE_BYTES = 65_536;

/** `module`, `component`, or `other`, from the eight header bytes. */
export function binaryKind(bytes: Uint8Array): 'module' | 'component' | 'other' {
  const asm = bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!asm || bytes.length < 8) return 'other';
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer === 0 && bytes[4] === 1 && bytes[5] === 0) return 'module';
  return layer === 1 ? 'component' : 'other';
}

/** Initial bytes of each memory, imported then defined, named for messages. Throws on anything it cannot read. */
export function initialMemories(bytes: Uint8Array): { name: string; bytes: number }[] {
  let at = 8;
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (at >= bytes.length) throw new Error('the binary ends inside a number');
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error('a number is longer than 64 bits');
  };
  const skipName = () => {
    const length = leb();
    const name = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return name;
  };
  const limits = (name: string) => {
    const flags = bytes[at++]!;
    if (flags & ~0x0f) throw new Error(`${name} has limits flags the device does not know`);
    const initial = leb();
    if (flags & 0x01) leb();
    const pageBytes = flags & 0x08 ? 2 ** leb() : PAGE_BYTES;
    return { name, bytes: initial * pageBytes };
  };
  const found: { name: string; bytes: number }[] = [];
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = leb();
    const end = at + size;
    if (id === 2) {
      for (let count = leb(); count > 0; count--) {
        const name = `imported memory ${skipName()}.${skipName()}`;
        const kind = bytes[at++];
        if (kind === 0x02) found.push(limits(name));
        else if (kind === 0x00) leb();
        else if (kind === 0x01) (at++, limits(name));
        else if (kind === 0x03) at += 2;
        else throw new Error(`an import of kind ${kind} is not one the device supports`);
      }
    } else if (id === 5) {
      const imported = found.length;
      for (let i = 0, count = leb(); i < count; i++) found.push(limits(`memory ${imported + i}`));
    }
    at = end;
  }
  return found;
}
