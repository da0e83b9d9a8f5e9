import { readFile } from 'node:fs/promises';
import { readBundle } from '../certify/bundle-files.js';
import { verifyBundle } from '../certify/verify-bundle.js';
import type { CommandIo } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

export const VERIFY_HELP = `Usage: margo-conformance verify <bundle-dir | bundle.tar.gz> --key pub.pem

Checks a certification bundle offline: the signature with the lab's public key (PEM), every file against the
signed statement and manifest.json, results.json against its schema, the verdict and completeness recomputed
from the per-check outcomes, and that every pass's evidence is in traffic.har.

Exit codes: 0 the bundle holds; 1 it does not (one line per problem); 2 bad usage or unreadable input.`;

export async function verifyCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('verify', args, { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(VERIFY_HELP + '\n');
    return 0;
  }
  const [path, extra] = positionals;
  if (path === undefined || extra !== undefined || values.key === undefined) {
    throw new UsageError("margo-conformance verify: give one bundle (directory or .tar.gz) and --key pub.pem. Run 'margo-conformance verify --help'.");
  }
  const key = await readFile(values.key, 'utf8').catch(() => {
    throw new UsageError(`margo-conformance verify: --key ${values.key}: cannot read the file. Give the lab's PEM public key.`);
  });
  const files = await readBundle(path).catch((cause: Error) => {
    throw new UsageError(`margo-conformance verify: ${cause.message}.`);
  });
  const problems = verifyBundle(files, key);
  if (problems.length === 0) {
    io.stdout(`${path}: verified (signature, ${files.size} files, schema, verdict, evidence)\n`);
    return 0;
  }
  for (const problem of problems) io.stdout(`${path}: ${problem}\n`);
  return 1;
}
