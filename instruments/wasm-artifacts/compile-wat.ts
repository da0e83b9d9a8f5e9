import wabtInit from 'wabt';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Promise<Wabt> | undefined;

/**
 * Compiles WebAssembly text to a binary with the `wabt` package, so test modules are committed as WAT and
 * never as binaries. The module is validated as it is compiled; a WAT error throws with wabt's message.
 */
export async function compileWat(source: string, file = 'module.wat'): Promise<Uint8Array> {
  wabt ??= wabtInit();
  const module = (await wabt).parseWat(file, source);
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
