import { it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { EditionId } from '../../core/catalog/types.js';
import { runDevice } from '../runs/run-device.js';
import { inProcessDevice } from './in-process-device.js';
const catalog = loadCatalog();
const cases: [string, EditionId, string[]][] = [
  ['device-compose', '1.0.0-rc.3', []], ['device-helm', '1.0.0-rc.3', []], ['device-compose', 'preview-1', []], ['device-helm', 'preview-1', []],
  ['device-compose', '1.0.0-rc.3', ['installs-unsupported-profile-type']], ['device-helm', 'preview-1', ['installs-unsupported-profile-type']],
  ['device-compose', '1.0.0-rc.3', ['contains-all-as-any']], ['device-compose', '1.0.0-rc.3', ['error-without-code']], ['device-helm', 'preview-1', ['error-without-code']],
];
it.each(cases)('%s %s %s', async (profile, edition, faults) => {
  const results = await runDevice({ profile, edition: EDITIONS[edition], launcher: inProcessDevice({ faults }), catalog, only: ['DS-039', 'ST-008', 'DS-034', 'DS-032'] } as never);
  for (const r of results.results) console.log(`${profile} ${edition} ${faults.join(',')}|`, r.check, r.requirement, r.outcome, r.message.slice(0, 250));
}, 240000);
