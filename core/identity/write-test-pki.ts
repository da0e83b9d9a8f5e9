import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestPki } from './test-pki.js';

/** Extra certificate/key pairs to write beside the PKI, by file stem (`device-1` -> `device-1.pem`, `device-1.key`). */
export type ExtraCredentials = Record<string, { certPem: string; keyPem: string }>;

const KEY_MODE = 0o600;
const CERT_MODE = 0o644;
const STEM = /^[A-Za-z0-9._-]+$/;

/**
 * Writes PEM and JSON files for handing the PKI to a system under test: `ca.pem` (trust anchors),
 * `intermediate.pem`, `foreign-ca.pem`, `wfm.pem` (leaf + intermediate), `wfm.key`, `bundle.json`
 * (SPIFFE bundle), plus any extra credentials. Keys get mode 0600. CA keys are never written.
 * Returns the written paths by file name. Point `dir` at a temporary directory, never at the repository.
 */
export async function writeTestPki(pki: TestPki, dir: string, extra: ExtraCredentials = {}): Promise<Record<string, string>> {
  const files: Array<[string, string, number]> = [
    ['ca.pem', pki.bundlePem, CERT_MODE],
    ['intermediate.pem', pki.intermediatePem, CERT_MODE],
    ['foreign-ca.pem', pki.foreign.bundlePem, CERT_MODE],
    ['wfm.pem', pki.wfm.certPem, CERT_MODE],
    ['wfm.key', pki.wfm.keyPem, KEY_MODE],
    ['bundle.json', `${JSON.stringify(pki.spiffeBundle(), null, 2)}\n`, CERT_MODE],
  ];
  for (const [stem, credentials] of Object.entries(extra)) {
    if (!STEM.test(stem) || stem === '.' || stem === '..') throw new Error(`writeTestPki: credential name "${stem}" is not a plain file stem. Use letters, digits, ".", "_" or "-".`);
    files.push([`${stem}.pem`, credentials.certPem, CERT_MODE], [`${stem}.key`, credentials.keyPem, KEY_MODE]);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const written: Record<string, string> = {};
  for (const [name, content, mode] of files) {
    const path = join(dir, name);
    await writeFile(path, content, { mode });
    // writeFile's mode applies only when it creates the file; make it hold for overwritten files too.
    await chmod(path, mode);
    written[name] = path;
  }
  return written;
}
