import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';

export interface TarSpec {
  name: string;
  type?: Header['type'];
  content?: string | Uint8Array;
  linkname?: string;
  mode?: number;
}

/** Builds a gzip'd tar in memory from entry specs, including the hostile ones tests need. */
export async function makeTarball(entries: TarSpec[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    if (Buffer.isBuffer(chunk)) chunks.push(chunk);
  });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const entry of entries) {
    const header: Partial<Header> & { name: string } = { name: entry.name, type: entry.type ?? 'file', mode: entry.mode ?? 0o644, ...(entry.linkname ? { linkname: entry.linkname } : {}) };
    if (header.type === 'file') archive.entry(header, Buffer.from(entry.content ?? ''));
    else archive.entry(header);
  }
  archive.finalize();
  await finished;
  return gzipSync(Buffer.concat(chunks));
}
