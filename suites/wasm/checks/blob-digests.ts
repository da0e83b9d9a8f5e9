import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { isRecord } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';
import { layoutBlobFile, type WasmLayout } from '../load/read-wasm-layout.js';
import { layoutLayers, sha256 } from '../load/wasm-components.js';
import { withWasmLayouts } from './wasm-input.js';

const REQUIREMENT = 'WASM-006';
const FIX = 'Push the artifact again; a device must refuse a blob whose sha256 differs from its descriptor.';

/**
 * WASM-006: the manifest, the config and every layer blob are present, and each one's sha256 and size are
 * those its descriptor gives. A device verifies the same on pull (WASM-014); here the vendor learns it first.
 */
export const blobDigests = defineCheck<PackageContext>({
  id: 'wasm/blob-digests',
  title: 'Every blob of the Wasm artifact matches its digest and size',
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmLayouts(context, [REQUIREMENT], (component, layout) => {
      // A layout without a chosen manifest is WASM-004's finding; nothing here can be compared.
      if (!layout.manifest || !layout.manifestDigest) return [];
      const manifestFile = layoutBlobFile(layout, layout.manifestDigest);
      const descriptors: { what: string; descriptor: unknown; pointer: string }[] = [
        { what: 'config', descriptor: layout.manifest.config, pointer: '/config' },
        ...layoutLayers(layout).map(({ layer, position }) => ({ what: `layer ${position}`, descriptor: layer, pointer: `/layers/${position}` })),
      ];
      const findings: Finding[] = [];
      const manifestBytes = layout.blobs.get(layout.manifestDigest);
      if (manifestBytes && sha256(manifestBytes) !== layout.manifestDigest) {
        findings.push(fail(`${component.name}: ${manifestFile}: the manifest's sha256 is ${sha256(manifestBytes)}, not the ${layout.manifestDigest} index.json names (${REQUIREMENT}). ${FIX}`, manifestFile, '', layout.manifestDigest, sha256(manifestBytes)));
      }
      for (const { what, descriptor, pointer } of descriptors) {
        const problem = blobProblem(layout, descriptor);
        if (problem) findings.push(fail(`${component.name}: ${layout.path}: ${what} ${problem.message} (${REQUIREMENT}). ${FIX}`, problem.file ?? manifestFile, problem.file ? '' : pointer, problem.expected, problem.actual));
      }
      return findings;
    }),
});

function blobProblem(layout: WasmLayout, descriptor: unknown): { message: string; expected: unknown; actual: unknown; file?: string } | undefined {
  if (!isRecord(descriptor)) return undefined;
  const digest = descriptor.digest;
  if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    return { message: `has digest ${JSON.stringify(digest ?? null)}; expected sha256:<64 hex digits>`, expected: 'sha256:<hex>', actual: digest };
  }
  const bytes = layout.blobs.get(digest);
  if (!bytes) return { message: `blob ${digest} is not in blobs/sha256`, expected: digest, actual: null };
  const actual = sha256(bytes);
  if (actual !== digest) return { message: `blob has sha256 ${actual}; its descriptor says ${digest}`, expected: digest, actual, file: layoutBlobFile(layout, digest) };
  if (descriptor.size !== bytes.length) return { message: `blob ${digest} is ${bytes.length} bytes; its descriptor says size ${JSON.stringify(descriptor.size ?? null)}`, expected: descriptor.size, actual: bytes.length };
  return undefined;
}

function fail(message: string, file: string, pointer: string, expected: unknown, actual: unknown): Finding {
  return { requirement: REQUIREMENT, outcome: 'fail', message, location: { kind: 'file', file, pointer }, evidence: { expected, actual } };
}
