import type { FileLocation, Finding } from '../../../core/results/model.js';
import { withDescription } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';
import type { WasmFacts } from '../binary/inspect-wasm.js';
import type { WasmLayout } from '../load/read-wasm-layout.js';
import { wasmBinaryOf, wasmComponentsOf, type WasmComponent } from '../load/wasm-components.js';
import { WASM_EXTENSION } from '../../../core/protocol/wasm-convention.js';

export interface ReachedBinary {
  /** Where the binary sits in the package: the `.wasm` file, or the layer blob of a layout. */
  file: string;
  bytes: Uint8Array;
  facts: WasmFacts;
}

/**
 * Runs `decide` on every Wasm component of the package. A package without one gets `skip` for each
 * requirement: the WASM rules are about Wasm components only. When one component is skipped and another
 * was judged without findings, the judged one gets an explicit `pass`, so the skip does not hide it.
 */
export function withWasmComponents(
  context: PackageContext,
  requirements: readonly string[],
  decide: (component: WasmComponent) => Finding[],
): Finding[] {
  return withDescription(context, requirements, () => {
    const components = wasmComponentsOf(context);
    if (components.length === 0) {
      return requirements.map((requirement) => ({
        requirement,
        outcome: 'skip' as const,
        message: `The package has no component with ${WASM_EXTENSION}; ${requirement} applies to Wasm components only.`,
      }));
    }
    const perComponent = components.map((component) => ({ component, findings: decide(component) }));
    const findings = perComponent.flatMap((c) => c.findings);
    for (const requirement of requirements) {
      if (!findings.some((f) => f.requirement === requirement && f.outcome === 'skip')) continue;
      for (const { component, findings: own } of perComponent) {
        if (own.some((f) => f.requirement === requirement)) continue;
        findings.push({ requirement, outcome: 'pass', message: `${component.name}: no deviation found (${requirement}).` });
      }
    }
    return findings;
  });
}

/** Runs `decide` on the Wasm binary of every component whose binary the package holds; the others are `skip`, with why. */
export function withWasmBinaries(
  context: PackageContext,
  requirements: readonly string[],
  decide: (component: WasmComponent, binary: ReachedBinary) => Finding[],
): Finding[] {
  return withWasmComponents(context, requirements, (component) => {
    const binary = wasmBinaryOf(component);
    if ('skip' in binary) return requirements.map((requirement) => ({ requirement, outcome: 'skip' as const, message: `${binary.skip}; ${requirement} needs the binary.` }));
    return decide(component, binary);
  });
}

export function fileLocation(file: string): FileLocation {
  return { kind: 'file', file };
}

/** `component "line-filter"`, for messages about the description. */
export function componentName(component: WasmComponent): string {
  return `component "${component.name}"`;
}

/** Runs `decide` on every component whose artifact is an OCI image layout in the package; `.wasm` files and unreached artifacts are `skip`. */
export function withWasmLayouts(
  context: PackageContext,
  requirements: readonly string[],
  decide: (component: WasmComponent, layout: WasmLayout) => Finding[],
): Finding[] {
  return withWasmComponents(context, requirements, (component) => {
    const { artifact } = component;
    if (artifact.kind === 'oci-layout') return decide(component, artifact.layout);
    const why = artifact.kind === 'file' ? `its artifact is given as the file ${artifact.path}, which has no OCI manifest` : artifact.reason;
    return requirements.map((requirement) => ({ requirement, outcome: 'skip' as const, message: `${component.name}: ${why}; ${requirement} is checked on an OCI image layout named by localArtifact.` }));
  });
}
