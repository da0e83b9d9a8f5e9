import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILED_CATALOG, loadCatalogSources } from '../../core/catalog/load-catalog.js';

/**
 * Build step: checks the YAML catalog and writes it as JSON beside the compiled loader
 * (`<dist>/core/catalog/catalog.json`), so a run reads JSON instead of parsing YAML.
 * Usage: node dist/harness/build/compile-catalog.js [DIST_DIR]
 */
const dist = process.argv[2] ?? 'dist';
const catalog = loadCatalogSources();
writeFileSync(join(dist, 'core', 'catalog', COMPILED_CATALOG), JSON.stringify(catalog));
