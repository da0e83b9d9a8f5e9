import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestPki } from '../../../core/identity/index.js';
import { createEventLog } from '../device-events.js';
import { createDeviceFaultSet } from '../faults.js';
import { createClientSvidSource } from './client-svid.js';

const pki = await createTestPki();

async function setUp(faults: string[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'margo-client-svid-'));
  const first = await pki.issueClient('device-1');
  const files = { certFile: join(dir, 'svid.pem'), keyFile: join(dir, 'svid.key') };
  await writeFile(files.certFile, first.certPem);
  await writeFile(files.keyFile, first.keyPem);
  const log = createEventLog(Date.now);
  const source = createClientSvidSource({ kind: 'svid', bundlePem: pki.bundlePem, certPem: first.certPem, keyPem: first.keyPem, svidFiles: files }, { faults: createDeviceFaultSet(faults), log });
  const replace = async (path: string, content: string) => {
    await writeFile(`${path}.new`, content);
    await rename(`${path}.new`, path);
  };
  return { first, files, log, source, replace };
}

describe('client SVID source (ID-021)', () => {
  it('presents the SVID renewed on disk from the next connection on', async () => {
    const { files, source, replace } = await setUp();
    const renewed = await pki.issueClient('device-1');
    await replace(files.keyFile, renewed.keyPem);
    await replace(files.certFile, renewed.certPem);
    expect(await source()).toEqual({ certPem: renewed.certPem, keyPem: renewed.keyPem });
  });

  it('keeps the SVID in use while the key on disk does not fit the certificate', async () => {
    const { first, files, log, source, replace } = await setUp();
    const renewed = await pki.issueClient('device-1');
    await replace(files.keyFile, renewed.keyPem);
    expect(await source()).toEqual({ certPem: first.certPem, keyPem: first.keyPem });
    expect(log.events.map((event) => event.event)).toEqual(['svid-kept']);
  });

  it('presents the first SVID for ever with caches-client-key-forever', async () => {
    const { first, files, source, replace } = await setUp(['caches-client-key-forever']);
    const renewed = await pki.issueClient('device-1');
    await replace(files.keyFile, renewed.keyPem);
    await replace(files.certFile, renewed.certPem);
    expect(await source()).toEqual({ certPem: first.certPem, keyPem: first.keyPem });
  });
});
