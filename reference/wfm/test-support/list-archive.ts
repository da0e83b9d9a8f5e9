import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';

/** Entries of a tar.gz, in archive order, with their text. */
export async function listArchive(archive: Buffer): Promise<{ name: string; content: string }[]> {
  const entries: { name: string; content: string }[] = [];
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('end', () => {
        entries.push({ name: header.name, content: Buffer.concat(chunks).toString('utf8') });
        next();
      });
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.end(gunzipSync(archive));
  await done;
  return entries;
}
