import { escapeReason, type TarEntry } from '../../../core/input/read-tarball.js';
import type { ComposeArchive } from '../compose-context.js';

/** Distinct first path segments of the entries (`./` and pax bookkeeping aside). */
export function topLevelNames(entries: readonly TarEntry[]): string[] {
  const names = entries.map((e) => e.name.replace(/^\.\//, '').replace(/^\/+/, '')).filter((n) => n !== '' && n !== '.');
  return [...new Set(names.map((n) => n.split('/')[0] ?? ''))].filter(Boolean).sort();
}

/**
 * Presents an archive's listing as a project: the single top directory is the project root. Entries that
 * would escape, links and special files are listed (the checks report them) but never become project files.
 */
export function archiveFromEntries(location: string, entries: TarEntry[]): ComposeArchive {
  const tops = topLevelNames(entries);
  const onlyTop = tops.length === 1 ? tops[0] : undefined;
  const isDirectory = onlyTop !== undefined && entries.every((e) => e.name.replace(/^\.\//, '').startsWith(`${onlyTop}/`) || (e.type === 'directory' && e.name.replace(/^\.\//, '').replace(/\/$/, '') === onlyTop));
  const top = isDirectory ? onlyTop : undefined;
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.type !== 'file' || !entry.bytes || escapeReason(entry)) continue;
    const name = entry.name.replace(/^\.\//, '');
    files.set(top ? name.slice(top.length + 1) : name, entry.bytes);
  }
  return { location, entries, ...(top ? { top } : {}), files };
}

/** The Compose file to read: compose.yaml at the root, else (for a helpful report) the nearest look-alike. */
export function composeFileOf(archive: ComposeArchive): string | undefined {
  const names = [...archive.files.keys()].sort();
  return (
    names.find((n) => n === 'compose.yaml') ??
    names.find((n) => /^(docker-)?compose\.ya?ml$/.test(n)) ??
    names.find((n) => /^[^/]+\/compose\.yaml$/.test(n)) ??
    names.find((n) => /^[^/]+\/(docker-)?compose\.ya?ml$/.test(n))
  );
}
