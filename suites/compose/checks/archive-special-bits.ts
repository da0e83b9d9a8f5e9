import { defineCheck } from '../../../core/runner/check.js';
import { notApplicable, type ComposeContext } from '../compose-context.js';

const SPECIAL_BITS = 0o7000;

/** CMP-009: entries carrying setuid, setgid or sticky bits, which an extractor must never keep. */
export const archiveSpecialBits = defineCheck<ComposeContext>({
  id: 'compose/archive-special-bits',
  title: 'Archive entries carry no setuid, setgid or sticky bits',
  requirements: ['CMP-009'],
  run: ({ archive }) => {
    if (!archive) return notApplicable('CMP-009', 'Not a Compose Archive (a lone Compose file was given), so entry modes were not checked.');
    return archive.entries
      .filter((entry) => (entry.mode & SPECIAL_BITS) !== 0)
      .map((entry) => ({
        requirement: 'CMP-009',
        outcome: 'fail' as const,
        message: `${archive.location}: entry ${entry.name} has mode ${entry.mode.toString(8).padStart(4, '0')} with setuid, setgid or sticky bits (CMP-009). Clear them, e.g. tar --mode='a-st'.`,
        location: { kind: 'file' as const, file: archive.location },
        evidence: { entry: entry.name, mode: entry.mode.toString(8) },
      }));
  },
});
