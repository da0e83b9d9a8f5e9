import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { createDeviceFaultSet, DEVICE_FAULTS } from './faults.js';

describe('reference device fault table', () => {
  it('has at least 15 faults with unique ids', () => {
    const ids = DEVICE_FAULTS.map((fault) => fault.id);
    expect(ids.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names only black-box device requirements that apply in the fault's editions", () => {
    const catalog = loadCatalog();
    const rows = new Map(catalog.requirements.map((row) => [row.id, row]));
    const problems: string[] = [];
    for (const fault of DEVICE_FAULTS) {
      const editions: readonly string[] = 'editions' in fault ? fault.editions : ['1.0.0-rc.3', 'preview-1'];
      for (const id of fault.breaks) {
        const row = rows.get(id);
        if (!row) problems.push(`${fault.id}: ${id} is not in the catalog`);
        else if (!row.subjects.includes('device') || row.testability !== 'black-box') problems.push(`${fault.id}: ${id} is not a black-box device row`);
        else if (!editions.some((edition) => (row.editions as readonly string[]).includes(edition))) problems.push(`${fault.id}: ${id} applies in none of ${editions.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses an unknown fault name with the known ones', () => {
    expect(() => createDeviceFaultSet(['no-such-fault'])).toThrow(/Unknown reference device fault "no-such-fault". Use one of: accepts-bundle-without-x509-anchors, accepts-equal-manifest-version/);
  });
});
