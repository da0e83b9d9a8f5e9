import { EDITIONS } from '../../../core/catalog/editions.js';
import { packageFromFiles } from '../../package-format/load/package-from-files.js';
import type { PackageContext } from '../../package-format/package.js';

/** An rc.3 package context from a description and extra files, as the package loader would build it from a directory. */
export function wasmPackageContext(description: string, files: [string, Uint8Array][] = []): PackageContext {
  const all = new Map<string, Uint8Array>([['margo.yaml', Buffer.from(description)], ...files]);
  return { edition: EDITIONS['1.0.0-rc.3'], pkg: packageFromFiles(all, { format: 'directory', location: 'pkg' }) };
}

/** A description with one profile of `type` holding one component; `component` and `profile` are extra YAML lines, indented for their place. */
export function wasmDescription(options: { type?: string; profile?: string; component?: string; root?: string }): string {
  return [
    'apiVersion: margo.org/v1-alpha1',
    'kind: ApplicationDescription',
    'id: line-filter',
    'metadata: { name: Line Filter, version: 1.0.0, catalog: { organization: [{ name: Example }] } }',
    ...(options.root ? [options.root] : []),
    'deploymentProfiles:',
    `  - type: ${options.type ?? 'custom'}`,
    '    id: wasm',
    ...(options.profile ? [options.profile] : []),
    '    components:',
    '      - name: line-filter',
    '        properties: { repository: "oci://registry.example.com/line-filter", revision: 1.0.0 }',
    ...(options.component ? [options.component] : []),
    '',
  ].join('\n');
}
