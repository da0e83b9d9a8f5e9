#!/usr/bin/env node
// Verifies a margo-conformance certification bundle with sigstore-js and node:crypto only: it shares no code
// with the kit, so a lab can read it whole. Usage: node verify-with-sigstore.mjs <bundle-dir> <pub.pem>
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';

const [dir, keyFile] = process.argv.slice(2);
if (!dir || !keyFile) {
  console.error('usage: node verify-with-sigstore.mjs <bundle-dir> <pub.pem>');
  process.exit(2);
}
const publicKey = createPublicKey(readFileSync(keyFile, 'utf8'));
const hint = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
const bundle = bundleFromJSON(JSON.parse(readFileSync(join(dir, 'bundle.sigstore.json'), 'utf8')));
const trust = toTrustMaterial({ mediaType: '', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] }, (keyHint) => {
  if (keyHint !== hint) throw new Error('signed by another key');
  return { publicKey, validFor: () => true };
});
const problems = [];
try {
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, tsaThreshold: 0 }).verify(toSignedEntity(bundle));
  const statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8'));
  const subjects = new Map(statement.subject.map((s) => [s.name, s.digest.sha256]));
  for (const name of readdirSync(dir)) {
    if (name === 'bundle.sigstore.json') continue;
    const digest = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
    if (subjects.get(name) !== digest) problems.push(`${name}: not as signed`);
    subjects.delete(name);
  }
  for (const name of subjects.keys()) problems.push(`${name}: signed but missing`);
} catch (cause) {
  problems.push(`signature: ${cause.message}`);
}
for (const problem of problems) console.log(problem);
if (problems.length === 0) console.log('verified with sigstore-js');
process.exit(problems.length === 0 ? 0 : 1);
