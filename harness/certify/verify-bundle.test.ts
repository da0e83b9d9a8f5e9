import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { ProductDeclaration, RunResults } from '../../core/results/model.js';
import { runWfm } from '../runs/run-wfm.js';
import { inProcessReference } from '../self-test/in-process-wfm-launcher.js';
import { readBundle, sealBundle, type BundleFiles } from './bundle-files.js';
import { writeCertification } from './certify-results.js';
import { generateSigningKey } from './sign-statement.js';
import { verifyBundle } from './verify-bundle.js';

const product: ProductDeclaration = { vendor: 'Example Labs', product: 'Fleet One', version: '2.1.0', profile: 'wfm', edition: '1.0.0-rc.3', features: [], contact: 'cert@example.test' };
const productSource = 'vendor: Example Labs\nproduct: Fleet One\nversion: 2.1.0\nprofile: wfm\nedition: 1.0.0-rc.3\nfeatures: []\ncontact: cert@example.test\n';
const key = generateSigningKey();
let results: RunResults;
let files: BundleFiles;
let tarball: string;
let bundleDir: string;
let keyFile: string;

beforeAll(async () => {
  // A fault makes the run non-conformant (DS-007 fails), so editing the verdict is a forgery worth catching.
  results = await runWfm({ edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessReference({ edition: '1.0.0-rc.3', faults: ['no-304'] }), only: ['DS-003', 'DS-005', 'DS-007'] });
  const written = await writeCertification({ results, product, productSource, key, out: mkdtempSync(join(tmpdir(), 'bundle-')) });
  tarball = written.tarball;
  bundleDir = written.dir;
  keyFile = join(written.dir, '..', 'lab.pub.pem');
  writeFileSync(keyFile, key.publicKeyPem);
  files = await readBundle(written.dir);
}, 60_000);

/** A copy of the bundle with one file replaced. */
const withFile = (name: string, bytes: Buffer) => new Map([...files, [name, bytes]]);
const flipByte = (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  const at = Math.floor(copy.length / 2);
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
};
const editJson = (name: string, edit: (value: any) => void) => {
  const value = JSON.parse((files.get(name) ?? Buffer.alloc(0)).toString('utf8'));
  edit(value);
  return Buffer.from(JSON.stringify(value, null, 2) + '\n');
};

describe('verifyBundle', () => {
  it('accepts the bundle as written, as a directory and as a .tar.gz', async () => {
    expect(results.verdict).toBe('non-conformant');
    expect([...files.keys()].sort()).toEqual(['bundle.sigstore.json', 'junit.xml', 'manifest.json', 'product.yaml', 'report.html', 'results.json', 'traffic.har']);
    expect(verifyBundle(files, key.publicKeyPem)).toEqual([]);
    expect(verifyBundle(await readBundle(tarball), key.publicKeyPem)).toEqual([]);
  });

  const fileNames = ['junit.xml', 'manifest.json', 'product.yaml', 'report.html', 'results.json', 'traffic.har'];
  for (const name of fileNames) {
    it(`rejects a changed byte in ${name}, naming the file`, () => {
      expect(verifyBundle(withFile(name, flipByte(files.get(name) ?? Buffer.alloc(0))), key.publicKeyPem)).toContain(
        `${name}: SHA-256 differs from the signed statement (the file was changed after signing)`,
      );
    });
  }

  it('rejects a changed byte in the signature', () => {
    const problems = verifyBundle(withFile('bundle.sigstore.json', editJson('bundle.sigstore.json', (b) => (b.dsseEnvelope.signatures[0].sig = Buffer.from('forged').toString('base64')))), key.publicKeyPem);
    expect(problems).toEqual(['bundle.sigstore.json: signature does not verify: signature verification failed']);
  });

  // Forgeries re-sealed with the lab's own key: the digests and signature hold, the content does not.
  const forgeries = [
    {
      title: 'rejects a removed exchange that a pass cites, even re-signed',
      edit: (): BundleFiles => {
        const cited = results.results.find((r) => r.outcome === 'pass')?.observed?.find((ref) => ref.kind === 'traffic');
        const id = cited?.kind === 'traffic' ? cited.id : '';
        return withFile('traffic.har', editJson('traffic.har', (har) => (har.log.entries = har.log.entries.filter((e: { _id: string }) => e._id !== id))));
      },
      expected: /^traffic\.har: exchange t-\d{6}, cited by the pass of wfm-api\/[a-z0-9-]+ on DS-00[35], is missing$/,
    },
    {
      title: 'rejects a verdict edited from non-conformant to conformant, even re-signed',
      edit: (): BundleFiles => withFile('results.json', editJson('results.json', (r) => (r.verdict = 'conformant'))),
      expected: /^results\.json: verdict conformant does not follow from the per-check outcomes \(recomputed: non-conformant; 1 core requirement failed: DS-007\.\)$/,
    },
  ];
  for (const { title, edit, expected } of forgeries) {
    it(title, async () => {
      const resealed = await sealBundle(edit(), key, results);
      const problems = verifyBundle(resealed, key.publicKeyPem);
      expect(problems.filter((p) => expected.test(p))).toHaveLength(1);
    });
  }

  it('rejects a bundle re-signed with another key', async () => {
    const resealed = await sealBundle(files, generateSigningKey(), results);
    expect(verifyBundle(resealed, key.publicKeyPem)).toEqual([expect.stringMatching(/^bundle\.sigstore\.json: signature does not verify: signed by another key/)]);
  });

  it('verifies with the separate sigstore-js script, which shares no code with the kit', () => {
    const script = new URL('./verify-with-sigstore.mjs', import.meta.url).pathname;
    expect(execFileSync(process.execPath, [script, bundleDir, keyFile], { encoding: 'utf8', timeout: 30_000 })).toBe('verified with sigstore-js\n');
  });
});
