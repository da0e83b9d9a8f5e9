import { parseYaml } from '../../../core/input/parse-yaml.js';
import { isRecord } from '../../package-format/description.js';
import { WASM_RUNTIME_CLASS } from '../../../core/protocol/wasm-convention.js';
import { lineAt, templateFiles, type HelmChart } from '../chart.js';

/** One place a chart sets a Wasm `runtimeClassName`. */
export interface WasmRuntimeClassUse {
  /** The class name, when it is a literal or a value from values.yaml; undefined when only a template computes it. */
  name?: string;
  file: string;
  line: number;
}

const FIELD = /^[ \t-]*runtimeClassName:[ \t]*(.*?)[ \t]*$/gm;
const VALUES_REF = /\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;
const QUOTED = /"([^"]*)"|'([^']*)'/g;

/**
 * Where a chart sets a `runtimeClassName` naming a Wasm shim (WASM-012), found without rendering: the
 * literal in a template, a `.Values.x.y` it reads (resolved in values.yaml), a quoted default in the
 * expression, and any `runtimeClassName` key in values.yaml (charts often pass a whole pod spec through
 * `toYaml`). `rendered`, when given, is `helm template` output and is scanned the same way.
 */
export function wasmRuntimeClassUses(chart: HelmChart, rendered?: string): WasmRuntimeClassUse[] {
  const valuesText = chart.files.has('values.yaml') ? Buffer.from(chart.files.get('values.yaml') as Uint8Array).toString('utf8') : '';
  const values = valuesText ? parseYaml(valuesText).value : undefined;
  const uses: WasmRuntimeClassUse[] = [];
  const sources: [string, string][] = [...templateFiles(chart), ...(valuesText ? [['values.yaml', valuesText] as [string, string]] : []), ...(rendered ? [['(helm template output)', rendered] as [string, string]] : [])];
  for (const [file, text] of sources) {
    for (const match of text.matchAll(FIELD)) {
      const line = lineAt(text, match.index ?? 0);
      for (const name of candidates(match[1] ?? '', values)) {
        if (WASM_RUNTIME_CLASS.test(name)) uses.push({ name, file, line });
      }
    }
  }
  return uses;
}

/** The names an expression can produce: itself when literal, else values it reads and quoted defaults. */
function candidates(expression: string, values: unknown): string[] {
  const unquoted = expression.replace(/^["']|["']$/g, '');
  if (!expression.includes('{{')) return unquoted ? [unquoted] : [];
  const names: string[] = [];
  for (const ref of expression.matchAll(VALUES_REF)) {
    const value = (ref[1] ?? '').split('.').slice(1).reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), values);
    if (typeof value === 'string') names.push(value);
  }
  for (const quoted of expression.matchAll(QUOTED)) names.push(quoted[1] ?? quoted[2] ?? '');
  return names.filter(Boolean);
}
