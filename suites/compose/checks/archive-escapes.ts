import { posix } from 'node:path';
import { escapeReason, type TarEntry } from '../../../core/input/read-tarball.js';
import { defineCheck } from '../../../core/runner/check.js';
import { notApplicable, type ComposeContext } from '../compose-context.js';

/** CMP-008: no absolute names, no `..`, no links resolving outside the top directory. Nothing is extracted. */
export const archiveEscapes = defineCheck<ComposeContext>({
  id: 'compose/archive-escapes',
  title: 'Archive entries stay inside the top directory',
  requirements: ['CMP-008'],
  run: ({ archive }) => {
    if (!archive) return notApplicable('CMP-008', 'Not a Compose Archive (a lone Compose file was given), so its entries were not checked.');
    return archive.entries.flatMap((entry) => {
      const reason = escapeReason(entry) ?? leavesTop(entry, archive.top);
      return reason
        ? [{ requirement: 'CMP-008', outcome: 'fail' as const, message: `${archive.location}: ${reason} (CMP-008). Build the archive from inside its top directory, and replace links by the files.`, location: { kind: 'file' as const, file: archive.location }, evidence: { entry: entry.name } }]
        : [];
    });
  },
});

/** A link that stays in the archive but leaves its top directory (the archive root is not the project). */
function leavesTop(entry: TarEntry, top: string | undefined): string | undefined {
  if (!top || (entry.type !== 'symlink' && entry.type !== 'link') || entry.linkname === undefined) return undefined;
  const name = entry.name.replace(/^\.\//, '');
  // A symlink resolves from its own directory; a hard link names a path from the archive root.
  const target = posix.normalize(entry.type === 'symlink' ? posix.join(posix.dirname(name), entry.linkname) : entry.linkname.replace(/^\.\//, ''));
  return target === top || target.startsWith(`${top}/`) ? undefined : `${entry.type} ${entry.name} points outside ${top}/ (${entry.linkname})`;
}
