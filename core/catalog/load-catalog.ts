import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { fromPackageRoot } from '../package-root.js';
import { areaOf, levelOf } from './level.js';
import { EDITION_IDS, KEYWORDS, SUBJECTS, TESTABILITY, type Area, type Catalog, type Requirement } from './types.js';

const ID = /^[A-Z]+-\d{3}$/;

/** Where the build writes the catalog as JSON, beside the compiled loader (`npm run build`). */
export const COMPILED_CATALOG = 'catalog.json';

/**
 * The requirement catalog. The compiled tool reads the JSON the build wrote (checked when it was written:
 * parsing the YAML cost a short run a fifth of its CPU); from the sources, the YAML is read and checked.
 */
export function loadCatalog(dir?: string): Catalog {
  const compiled = fileURLToPath(new URL(COMPILED_CATALOG, import.meta.url));
  if (dir === undefined && existsSync(compiled)) return JSON.parse(readFileSync(compiled, 'utf8')) as Catalog;
  return loadCatalogSources(dir);
}

/** Reads the requirement catalog from its YAML (one file per area) and refuses it if a row is malformed. */
export function loadCatalogSources(dir = fromPackageRoot('core', 'catalog')): Catalog {
  const areas = parse(readFileSync(`${dir}/areas.yaml`, 'utf8')) as Area[];
  const requirements = readdirSync(`${dir}/requirements`)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => parse(readFileSync(`${dir}/requirements/${file}`, 'utf8')) as Requirement[]);
  const catalog = { areas, requirements };
  const problems = catalogProblems(catalog);
  if (problems.length > 0) throw new Error(`requirement catalog is malformed:\n  ${problems.join('\n  ')}`);
  return catalog;
}

/** Every way a catalog breaks its own rules; empty when it is sound. */
export function catalogProblems(catalog: Catalog): string[] {
  const problems: string[] = [];
  const areaIds = new Set(catalog.areas.map((a) => a.id));
  const seen = new Set<string>();
  for (const row of catalog.requirements) {
    const where = row.id ?? JSON.stringify(row).slice(0, 60);
    if (!ID.test(row.id)) problems.push(`${where}: id does not match ${ID}`);
    if (seen.has(row.id)) problems.push(`${where}: id is used twice`);
    seen.add(row.id);
    if (!areaIds.has(areaOf(row.id))) problems.push(`${where}: area ${areaOf(row.id)} is not in areas.yaml`);
    if (!KEYWORDS.includes(row.keyword)) problems.push(`${where}: keyword "${row.keyword}" is not one of ${KEYWORDS.join(', ')}`);
    if (row.level !== levelOf(row.keyword)) problems.push(`${where}: level ${row.level} does not match keyword ${row.keyword}`);
    if (!Array.isArray(row.editions) || row.editions.some((e) => !EDITION_IDS.includes(e))) problems.push(`${where}: editions must be a list of ${EDITION_IDS.join(', ')}`);
    if (!Array.isArray(row.subjects) || row.subjects.length === 0 || row.subjects.some((s) => !SUBJECTS.includes(s))) problems.push(`${where}: subjects must be a non-empty list of ${SUBJECTS.join(', ')}`);
    if (!TESTABILITY.includes(row.testability)) problems.push(`${where}: testability must be one of ${TESTABILITY.join(', ')}`);
    if (typeof row.summary !== 'string' || row.summary.includes('\n') || row.summary.length === 0) problems.push(`${where}: summary must be one line`);
    if (typeof row.specRef !== 'string' || row.specRef.length === 0) problems.push(`${where}: specRef is missing`);
    if (row.testability === 'not-testable' && !row.note) problems.push(`${where}: a not-testable row needs a note saying why`);
    if (row.msb !== undefined && (!Array.isArray(row.msb) || row.msb.some((step) => typeof step !== 'string' || step.length === 0))) problems.push(`${where}: msb must be a list of Margo sandbox kit step ids`);
  }
  return problems;
}
