import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { COMPILED_CATALOG, loadCatalogSources } from '../../core/catalog/load-catalog.js';
import { fromPackageRoot } from '../../core/package-root.js';

/**
 * Build step: checks the YAML catalog and writes it, with the other YAML data every run reads (profiles,
 * device features, Compose rules), as JSON beside the compiled code, so a run reads JSON instead of
 * parsing YAML. Usage: node dist/harness/build/compile-data.js [DIST_DIR]
 */
const dist = process.argv[2] ?? 'dist';
writeFileSync(join(dist, 'core', 'catalog', COMPILED_CATALOG), JSON.stringify(loadCatalogSources()));

const DATA = [
  ...readdirSync(fromPackageRoot('profiles')).filter((file) => file.endsWith('.yaml')).map((file) => `profiles/${file}`),
  'profiles/features/device.yaml',
  'suites/compose/rules.yaml',
];
for (const path of DATA) {
  const target = join(dist, 'data', `${path}.json`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(parse(readFileSync(fromPackageRoot(path), 'utf8'))));
}
