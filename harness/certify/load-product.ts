import { readFileSync, statSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ProductDeclaration } from '../../core/results/model.js';
import { parseYaml } from '../../core/input/parse-yaml.js';
import { fromPackageRoot } from '../../core/package-root.js';
import { loadDeviceFeatures } from '../../core/profiles/profile.js';

// CommonJS with `exports.default`: under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;

/** A product declaration that cannot be used: one line, naming the file, the field and the fix. */
export class ProductDeclarationError extends Error {}

const MAX_BYTES = 64 * 1024;
let validator: ReturnType<InstanceType<typeof Ajv2020>['compile']> | undefined;

/** The product declaration's JSON Schema (harness/certify/product.schema.json). */
export function productSchema(): Record<string, unknown> {
  const here = new URL('./product.schema.json', import.meta.url);
  try {
    return JSON.parse(readFileSync(here, 'utf8')) as Record<string, unknown>;
  } catch {
    // Compiled to dist/: the JSON stays beside the sources.
    return JSON.parse(readFileSync(fromPackageRoot('harness', 'certify', 'product.schema.json'), 'utf8')) as Record<string, unknown>;
  }
}

/** Reads and validates `product.yaml`; throws ProductDeclarationError with one line per problem, joined by `; `. */
export function loadProductDeclaration(file: string): { declaration: ProductDeclaration; source: string } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ProductDeclarationError(`${file}: product declaration not found. Give --product a product.yaml (see README, "Certifying a product").`);
  }
  if (size > MAX_BYTES) throw new ProductDeclarationError(`${file}: product declaration is larger than ${MAX_BYTES} bytes; refused.`);
  const source = readFileSync(file, 'utf8');
  return { declaration: parseProductDeclaration(source, file), source };
}

export function parseProductDeclaration(source: string, file: string): ProductDeclaration {
  const parsed = parseYaml(source);
  if (parsed.problems.length > 0 || parsed.value === undefined) {
    const first = parsed.problems[0];
    throw new ProductDeclarationError(`${file}${first?.line ? `:${first.line}` : ''}: not valid YAML: ${first?.message ?? 'empty document'}.`);
  }
  validator ??= new Ajv2020({ strict: true, allErrors: true }).compile(productSchema());
  if (!validator(parsed.value)) {
    const problems = (validator.errors ?? []).map((error) => {
      const where = error.instancePath || '/';
      const line = parsed.locate(error.instancePath)?.line;
      const detail = error.keyword === 'additionalProperties' ? `unknown key "${String(error.params['additionalProperty'])}"` : error.message;
      return `${file}${line ? `:${line}` : ''} ${where}: ${detail}`;
    });
    throw new ProductDeclarationError(`${problems.join('; ')}. Fix the product declaration (harness/certify/product.schema.json).`);
  }
  const declaration = parsed.value as ProductDeclaration;
  const known = loadDeviceFeatures();
  for (const feature of declaration.features) {
    const row = known.find((f) => f.id === feature);
    if (!row) throw new ProductDeclarationError(`${file} /features: unknown feature "${feature}"; use ${known.map((f) => f.id).join(', ')}.`);
    if (!row.editions.includes(declaration.edition as never)) throw new ProductDeclarationError(`${file} /features: feature "${feature}" exists only in ${row.editions.join(', ')}, not in ${declaration.edition}.`);
  }
  if (declaration.profile === 'wfm' && declaration.features.length > 0) {
    throw new ProductDeclarationError(`${file} /features: the wfm profile has no optional features; give features: [].`);
  }
  return declaration;
}
