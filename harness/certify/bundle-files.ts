import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { DEFAULT_LIMITS } from '../../core/input/limits.js';
import { readTarball, escapeReason } from '../../core/input/read-tarball.js';
import { packageRoot } from '../../core/package-root.js';
import type { RunResults } from '../../core/results/model.js';
import { toolInfo } from '../../core/results/tool-info.js';
import { CERTIFICATION_PREDICATE_TYPE, signStatement, type InTotoStatement, type SigningKey } from './sign-statement.js';

/** A bundle in memory: file name (flat, no directories) to bytes. */
export type BundleFiles = Map<string, Buffer>;

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'bundle.sigstore.json';
export const BUNDLE_DIR = 'certification-bundle';
const MAX_BUNDLE_FILES = 64;
const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export interface BundleManifest {
  format: 'margo-conformance-bundle';
  formatVersion: 1;
  tool: { name: string; version: string; commit?: string; packageDigest: string };
  createdAt: string;
  /** Every file of the bundle but the manifest and the signature, sorted by path. */
  files: { path: string; sha256: string; size: number }[];
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Adds `manifest.json` (SHA-256 of every file, the tool's version, commit and package digest) and
 * `bundle.sigstore.json` (an in-toto Statement over every file, manifest included, in a signed DSSE envelope).
 */
export async function sealBundle(content: BundleFiles, key: SigningKey, results: RunResults, now = new Date()): Promise<BundleFiles> {
  const files: BundleFiles = new Map([...content].filter(([name]) => name !== MANIFEST_FILE && name !== SIGNATURE_FILE).sort(([a], [b]) => (a < b ? -1 : 1)));
  const tool = toolInfo();
  const manifest: BundleManifest = {
    format: 'margo-conformance-bundle',
    formatVersion: 1,
    tool: { ...tool, packageDigest: toolPackageDigest() },
    createdAt: now.toISOString(),
    files: [...files].map(([path, bytes]) => ({ path, sha256: sha256(bytes), size: bytes.length })),
  };
  files.set(MANIFEST_FILE, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  const statement: InTotoStatement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [...files].map(([name, bytes]) => ({ name, digest: { sha256: sha256(bytes) } })),
    predicateType: CERTIFICATION_PREDICATE_TYPE,
    predicate: {
      verdict: results.verdict,
      ...(results.completeness ? { completeness: results.completeness } : {}),
      ...(results.product ? { product: results.product } : {}),
      profile: results.profile.id,
      edition: results.edition.id,
      tool: manifest.tool,
      run: { startedAt: results.run.startedAt, finishedAt: results.run.finishedAt },
    },
  };
  files.set(SIGNATURE_FILE, Buffer.from(await signStatement(statement, key)));
  return files;
}

/** Writes the bundle as `<out>/certification-bundle/` and `<out>/certification-bundle.tar.gz`; returns both paths. */
export async function writeBundle(files: BundleFiles, outDir: string): Promise<{ dir: string; tarball: string }> {
  const dir = join(outDir, BUNDLE_DIR);
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
  const tarball = join(outDir, `${BUNDLE_DIR}.tar.gz`);
  await writeFile(tarball, await tarGz(files));
  return { dir, tarball };
}

async function tarGz(files: BundleFiles): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    if (Buffer.isBuffer(chunk)) chunks.push(chunk);
  });
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  archive.entry({ name: `${BUNDLE_DIR}/`, type: 'directory', mode: 0o755, mtime: new Date(0) });
  for (const [name, bytes] of files) archive.entry({ name: `${BUNDLE_DIR}/${name}`, type: 'file', mode: 0o644, mtime: new Date(0) }, bytes);
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** Reads a bundle directory or `.tar.gz` into memory (flat, regular files only, bounded); throws one line. */
export async function readBundle(path: string): Promise<BundleFiles> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new Error(`${path}: no such bundle directory or file`);
  const files: BundleFiles = new Map();
  if (info.isDirectory()) {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      if (!entry.isFile()) throw new Error(`${join(path, entry.name)}: not a regular file; a bundle holds files only`);
      if (files.size >= MAX_BUNDLE_FILES) throw new Error(`${path}: more than ${MAX_BUNDLE_FILES} files; not a bundle`);
      files.set(entry.name, await readFile(join(path, entry.name)));
    }
    return files;
  }
  const entries = await readTarball(await readFile(path), { ...DEFAULT_LIMITS, maxFileBytes: MAX_BUNDLE_BYTES, maxTotalBytes: MAX_BUNDLE_BYTES, maxEntries: MAX_BUNDLE_FILES });
  for (const entry of entries) {
    const escape = escapeReason(entry);
    if (escape) throw new Error(`${path}: ${escape}; refused`);
    if (entry.type === 'directory') continue;
    if (entry.type !== 'file' || !entry.bytes) throw new Error(`${path}: entry ${entry.name} is not a regular file; refused`);
    const name = entry.name.replace(/^\.\//, '').split('/').filter(Boolean);
    if (name.length > 2 || (name.length === 2 && name[0] !== BUNDLE_DIR)) throw new Error(`${path}: entry ${entry.name} is outside ${BUNDLE_DIR}/; refused`);
    files.set(name[name.length - 1] ?? '', Buffer.from(entry.bytes));
  }
  return files;
}

let packageDigest: string | undefined;

/**
 * `sha256:` over the tool's installed code: every file under dist/ and package.json, as `sha256  path` lines
 * sorted by path (the form `sha256sum` prints), so a lab can recompute it from the installed package.
 */
export function toolPackageDigest(): string {
  if (packageDigest) return packageDigest;
  const root = packageRoot();
  const paths = ['package.json', ...listFiles(join(root, 'dist')).map((file) => relative(root, file))].sort();
  const lines = paths.map((path) => `${sha256(readFileSync(join(root, path)))}  ${path}\n`).join('');
  packageDigest = `sha256:${sha256(Buffer.from(lines))}`;
  return packageDigest;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
