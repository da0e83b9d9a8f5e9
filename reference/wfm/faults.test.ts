import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { WFM_FAULTS, createFaultSet } from './faults.js';

describe('reference WFM fault table', () => {
  it('has at least 20 faults with unique ids', () => {
    const ids = WFM_FAULTS.map((fault) => fault.id);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares only core black-box WFM requirements, each applying to an edition the fault runs in', () => {
    const catalog = loadCatalog();
    const rows = new Map(catalog.requirements.map((row) => [row.id, row]));
    const problems = WFM_FAULTS.flatMap((fault) =>
      fault.breaks.flatMap((id) => {
        const row = rows.get(id);
        if (!row) return [`${fault.id}: ${id} is not in the catalog`];
        const editions = 'editions' in fault ? fault.editions : row.editions;
        if (!row.subjects.includes('wfm') || row.testability !== 'black-box') return [`${fault.id}: ${id} is not a black-box WFM row`];
        if (!editions.some((edition) => row.editions.includes(edition))) return [`${fault.id}: ${id} applies to none of its editions`];
        if (row.level !== 'core') return [`${fault.id}: ${id} is ${row.level}, so the fault would not make a run non-conformant`];
        return [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('refuses an unknown fault name with the list of known ones', () => {
    expect(() => createFaultSet(['no-such-fault'])).toThrow(/Unknown reference WFM fault "no-such-fault"\. Use one of: .*weak-etag/);
  });
});
