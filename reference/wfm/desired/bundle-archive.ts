import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export interface ArchiveFile {
  name: string;
  content: Buffer;
}

/**
 * A deterministic tar.gz: names sorted, mtime 0, uid/gid 0, mode 0644, no user names, gzip header
 * without name or time. The same files always give the same bytes, so the bundle digest is stable.
 */
export async function createBundleArchive(files: readonly ArchiveFile[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const file of sorted) {
    await new Promise<void>((resolve, reject) => {
      archive.entry(
        { name: file.name, size: file.content.length, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '', type: 'file' },
        file.content,
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }
  archive.finalize();
  await done;
  // Node's gzip writes mtime 0 and no file name, so the output depends only on the input bytes.
  return gzipSync(Buffer.concat(chunks), { level: 9 });
}
