import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { notApplicable, type ComposeContext } from '../compose-context.js';
import { topLevelNames } from '../load/archive-project.js';

/** CMP-004: exactly one top-level directory, holding a file named exactly compose.yaml. */
export const archiveLayout = defineCheck<ComposeContext>({
  id: 'compose/archive-layout',
  title: 'Archive has one top directory with compose.yaml',
  requirements: ['CMP-004'],
  run: ({ archive }) => {
    if (!archive) return notApplicable('CMP-004', 'Not a Compose Archive (a lone Compose file was given), so its layout was not checked.');
    const at = archive.location;
    const tops = topLevelNames(archive.entries);
    const findings: Finding[] = [];
    if (tops.length !== 1 || !archive.top) {
      findings.push({
        requirement: 'CMP-004',
        outcome: 'fail',
        message: `${at}: has ${tops.length} top-level entries (${tops.join(', ') || 'none'}); expected exactly one directory (CMP-004). Put everything into one directory named after the component.`,
        location: { kind: 'file', file: at },
      });
    } else if (!archive.files.has('compose.yaml')) {
      const other = [...archive.files.keys()].find((name) => /^(docker-)?compose\.ya?ml$/.test(name));
      findings.push({
        requirement: 'CMP-004',
        outcome: 'fail',
        message: `${at}: ${archive.top}/ has ${other ? other : 'no Compose file'} instead of compose.yaml (CMP-004). Rename the file to exactly compose.yaml.`,
        location: { kind: 'file', file: at },
      });
    }
    return findings;
  },
});
