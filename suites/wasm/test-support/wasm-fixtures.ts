import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fromPackageRoot } from '../../../core/package-root.js';
import { compileWat } from '../../../instruments/wasm-artifacts/compile-wat.js';
import { createWasmArtifact, ociLayoutFiles } from '../../../instruments/wasm-artifacts/create-wasm-artifact.js';
import { WASM_MEDIA_TYPES, type WasiLevel } from '../../../core/protocol/wasm-convention.js';

/** The smallest component: header only (`\0asm`, encoding 0x0d, layer 1). wabt cannot write components. */
export const EMPTY_COMPONENT = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);

/** The one defect a fixture's artifact is built with. */
export const ARTIFACT_DEFECTS = ['truncated-module', 'tampered-layer', 'legacy-layer', 'config-media-type'] as const;
export type ArtifactDefect = (typeof ARTIFACT_DEFECTS)[number];

/** `wasm-fixture.yaml`: how the test builds a fixture's Wasm artifact, since no binary is committed. */
export interface WasmFixtureRecipe {
  /** `fixtures/wasm/modules/<module>.wat`, or `empty-component`. */
  module: string;
  /** Package path of the `.wasm` file (form file) or of the layout directory (form oci-layout). */
  at: string;
  form: 'file' | 'oci-layout';
  /** WASI level written into the artifact config. @default wasip1 */
  wasi?: WasiLevel;
  /** Tag of the manifest in the layout's index.json. @default 1.0.0 */
  tag?: string;
  defect?: ArtifactDefect;
}

export const WASM_FIXTURES = fromPackageRoot('fixtures', 'wasm');

/** A fixture module compiled from its WAT source. */
export async function wasmModule(name: string): Promise<Uint8Array> {
  if (name === 'empty-component') return EMPTY_COMPONENT;
  return compileWat(await readFile(join(WASM_FIXTURES, 'modules', `${name}.wat`), 'utf8'), `${name}.wat`);
}

/**
 * A fixture package as the package loader would hold it: every file of the fixture directory except the
 * recipe, plus the Wasm artifact the recipe describes, built now with its one defect.
 */
export async function materializeWasmFixture(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const path of await listFiles(dir)) if (path !== 'wasm-fixture.yaml') files.set(path, await readFile(join(dir, path)));
  const recipeText = await readFile(join(dir, 'wasm-fixture.yaml'), 'utf8').catch(() => undefined);
  if (recipeText === undefined) return files;
  const recipe = parse(recipeText) as WasmFixtureRecipe;
  let wasm = await wasmModule(recipe.module);
  if (recipe.defect === 'truncated-module') wasm = wasm.subarray(0, wasm.length - 4);
  if (recipe.form === 'file') {
    files.set(recipe.at, wasm);
    return files;
  }
  const artifact = createWasmArtifact({
    wasm,
    wasi: recipe.wasi ?? 'wasip1',
    ...(recipe.defect === 'legacy-layer' ? { layerMediaType: WASM_MEDIA_TYPES.legacyLayer } : {}),
    ...(recipe.defect === 'config-media-type' ? { mutate: ({ manifest }) => Object.assign(manifest.config as object, { mediaType: 'application/vnd.oci.image.config.v1+json' }) } : {}),
  });
  for (const [path, bytes] of ociLayoutFiles(artifact, { prefix: recipe.at, tag: recipe.tag ?? '1.0.0' })) files.set(path, bytes);
  if (recipe.defect === 'tampered-layer') files.set(`${recipe.at}/blobs/sha256/${artifact.layerDigest.slice('sha256:'.length)}`, flipLastByte(wasm));
  return files;
}

/** Same size, different sha256: what a tampering registry or a broken disk would hand over. */
export function flipLastByte(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
  return copy;
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}
