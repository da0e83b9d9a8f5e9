import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { WASI_LEVELS, WASM_LABELS } from '../../../core/protocol/wasm-convention.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded, undecided } from '../support/findings.js';
import { requestLine } from '../support/observations.js';

/**
 * What a capabilities body lacks to declare a Wasm device of the draft class (WASM-013): custom in
 * supportedRuntimes and supportedDeploymentTypes, the runtime label a non-empty string, the WASI label a
 * non-empty list of known levels, max-memory-bytes a positive number. One line per problem.
 */
export function wasmCapabilityProblems(body: Record<string, unknown>): string[] {
  const properties = (body['properties'] ?? {}) as Record<string, unknown>;
  const labels = (body['labels'] ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ['supportedRuntimes', 'supportedDeploymentTypes']) {
    const list = properties[field];
    if (!Array.isArray(list) || !list.includes('custom')) problems.push(`properties.${field} is ${JSON.stringify(list)}, without "custom"`);
  }
  const runtime = labels[WASM_LABELS.runtime];
  if (typeof runtime !== 'string' || runtime === '') problems.push(`label ${WASM_LABELS.runtime} is ${JSON.stringify(runtime)}; expected the engine's name`);
  const wasi = labels[WASM_LABELS.wasi];
  if (!Array.isArray(wasi) || wasi.length === 0 || !wasi.every((level) => typeof level === 'string' && Object.hasOwn(WASI_LEVELS, level))) {
    problems.push(`label ${WASM_LABELS.wasi} is ${JSON.stringify(wasi)}; expected a non-empty list of ${Object.keys(WASI_LEVELS).join(', ')}`);
  }
  const memory = labels[WASM_LABELS.maxMemoryBytes];
  if (typeof memory !== 'number' || !(memory > 0)) problems.push(`label ${WASM_LABELS.maxMemoryBytes} is ${JSON.stringify(memory)}; expected a positive number of bytes`);
  return problems;
}

/** WASM-013: the Wasm device declares itself in its capabilities, judged on its first report in the baseline scenario. */
export const wasmCapabilities = defineCheck<DeviceContext>({
  id: 'device-api/wasm-capabilities',
  title: 'A Wasm device reports the custom runtime and deployment type and the Wasm labels',
  requirements: ['WASM-013'],
  run: (context) =>
    guarded(['WASM-013'], async () => {
      const { session } = await context.baseline();
      const report = session.mock.traffic.exchanges.find((e) => e.route === 'capabilities' && e.method !== 'DELETE');
      if (!report) return undecided(['WASM-013'], 'The device sent no capabilities report in the baseline scenario, so its Wasm labels could not be judged.');
      const problems = wasmCapabilityProblems((report.json ?? {}) as Record<string, unknown>);
      const findings: Finding[] = problems.map((problem) =>
        fail('WASM-013', `${requestLine(report)}: ${problem} (WASM-013). Declare the Wasm device class as profiles/device-wasm.md section 1 says.`, report),
      );
      return findings;
    }),
});
