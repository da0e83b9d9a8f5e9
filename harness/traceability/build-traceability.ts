import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCatalogSources } from '../../core/catalog/load-catalog.js';
import { packageRoot } from '../../core/package-root.js';
import { compareIds } from '../../core/runner/run-checks.js';
import { DEVICE_FAULTS } from '../../reference/device/faults.js';
import { WFM_FAULTS } from '../../reference/wfm/faults.js';
import type { Fault } from '../../reference/fault.js';
import { CHECK_SETS } from '../check-sets.js';

/** How many fixtures a row names before it says how many more there are. */
const FIXTURES_SHOWN = 3;

/**
 * docs/traceability.md, from the catalog, the check sets, the fixtures and the fault tables: for every
 * requirement, the check files that decide it, the fixtures or scenario that exercise it, and the
 * reference faults that prove the check can fail, with the file where each fault is switched.
 */
export async function buildTraceability(): Promise<string> {
  const root = packageRoot();
  const catalog = loadCatalogSources();
  const sources = walk(root, ['suites', 'reference', 'instruments']).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  const text = new Map(sources.map((file) => [file, readFileSync(join(root, file), 'utf8')]));
  const fixtures = walk(root, ['fixtures']).flatMap((file) => file.split('/').slice(1).filter((part) => /^[a-z]+-\d{3}-/.test(part)).map((part) => ({ part, file })));

  const checksOf = new Map<string, { file: string; title: string }[]>();
  for (const set of Object.values(CHECK_SETS)) {
    for (const check of await set()) {
      const file = [...text].find(([, source]) => source.includes(`id: '${check.id}'`))?.[0] ?? '(not found)';
      for (const id of check.requirements) {
        const list = checksOf.get(id) ?? [];
        if (!list.some((entry) => entry.file === file)) list.push({ file, title: check.title });
        checksOf.set(id, list);
      }
    }
  }
  const faults: { fault: Fault; who: string }[] = [...WFM_FAULTS.map((fault) => ({ fault: fault as Fault, who: 'WFM' })), ...DEVICE_FAULTS.map((fault) => ({ fault: fault as Fault, who: 'device' }))];
  const switchedIn = (id: string) =>
    [...text].filter(([file, source]) => file.startsWith('reference/') && !file.endsWith('faults.ts') && source.includes(`'${id}'`)).map(([file]) => file);

  const lines = [
    '# Traceability',
    '',
    'Generated from the requirement catalog, the check sets, the fixtures and the reference fault tables by',
    '`harness/traceability.test.ts`, which fails when this file is stale (`npm run traceability` rewrites it).',
    '',
    '| Requirement | Level | Decided by | Exercised by | Proven able to fail by (fault → where it is switched) |',
    '|---|---|---|---|---|',
  ];
  for (const row of [...catalog.requirements].sort((a, b) => compareIds(a.id, b.id))) {
    const checks = checksOf.get(row.id) ?? [];
    const decided = checks.length > 0 ? checks.map((c) => `\`${c.file}\``).join('<br>') : row.testability === 'static' || row.testability === 'black-box' ? '—' : `not black-box testable`;
    const prefix = `${row.id.toLowerCase()}-`;
    const own = [...new Set(fixtures.filter((f) => f.part.startsWith(prefix)).map((f) => f.part))].sort();
    const exercised = own.length > 0
      ? own.slice(0, FIXTURES_SHOWN).map((name) => `\`${name}\``).join('<br>') + (own.length > FIXTURES_SHOWN ? `<br>and ${own.length - FIXTURES_SHOWN} more` : '')
      : checks.length > 0 ? checks.map((c) => `scenario: ${c.title}`).join('<br>') : '—';
    const proving = faults
      .filter(({ fault }) => fault.breaks.includes(row.id))
      .map(({ fault, who }) => `${who} \`${fault.id}\` → ${switchedIn(fault.id).map((file) => `\`${file}\``).join(', ') || '(no switch point found)'}`);
    lines.push(`| ${row.id} | ${row.keyword} ${row.level} | ${decided} | ${exercised} | ${proving.join('<br>') || '—'} |`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The MUST-level rows of a supported edition that can be judged from outside (black-box or static) and that
 * no check declares: the README lists each with the reason (a test keeps the two equal).
 */
export async function uncheckedMusts(): Promise<string[]> {
  const declared = new Set<string>();
  for (const set of Object.values(CHECK_SETS)) for (const check of await set()) for (const id of check.requirements) declared.add(id);
  return loadCatalogSources()
    .requirements.filter((row) => row.level === 'core' && /^(MUST|SHALL|REQUIRED)/.test(row.keyword) && row.editions.length > 0)
    .filter((row) => (row.testability === 'black-box' || row.testability === 'static') && !declared.has(row.id))
    .map((row) => row.id)
    .sort(compareIds);
}

function walk(root: string, dirs: string[]): string[] {
  return dirs.flatMap((dir) => readdirSync(join(root, dir), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name))));
}
