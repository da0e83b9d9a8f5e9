import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTarball } from '../../core/input/test-support/make-tarball.js';
import { COMPOSE_MEDIA_TYPES } from '../../suites/compose/compose-media-types.js';
import { runCompose } from '../runs/run-compose.js';

const work = mkdtempSync(join(tmpdir(), 'margo-compose-oci-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EMPTY = { mediaType: 'application/vnd.oci.empty.v1+json', digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', size: 2 };

interface Variant {
  artifactType?: string;
  layerMediaType?: string;
  annotations?: Record<string, string>;
  extraLayer?: boolean;
}

/** Writes an OCI image layout holding one Compose component manifest tagged 1.4.2. */
async function writeLayout(name: string, variant: Variant): Promise<string> {
  const dir = join(work, name);
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = (bytes: Buffer) => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(dir, 'blobs', 'sha256', hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  put(Buffer.from('{}'));
  const archive = await makeTarball([{ name: 'agent/compose.yaml', content: 'services:\n  agent:\n    image: registry.example/agent:1.4.2\n' }]);
  const layer = { mediaType: variant.layerMediaType ?? COMPOSE_MEDIA_TYPES.archive, ...put(archive), annotations: variant.annotations ?? { 'org.margo.component.type': 'compose', 'org.margo.component.version': '1.4.2' } };
  const layers = variant.extraLayer ? [layer, { mediaType: 'text/plain', ...put(Buffer.from('notes')) }] : [layer];
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: variant.artifactType ?? COMPOSE_MEDIA_TYPES.artifact, config: EMPTY, layers }));
  const m = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...m, annotations: { 'org.opencontainers.image.ref.name': '1.4.2' } }] }));
  return dir;
}

describe('Compose component in an OCI image layout', () => {
  it.each([
    ['clean component', {}, []],
    ['cmp-002 wrong artifactType', { artifactType: 'application/vnd.oci.image.config.v1+json' }, ['CMP-002']],
    ['cmp-002 two layers', { extraLayer: true }, ['CMP-002']],
    ['cmp-003 missing type annotation', { annotations: { 'org.margo.component.version': '1.4.2' } }, ['CMP-003']],
    ['cmp-003 version differs from the tag', { annotations: { 'org.margo.component.type': 'compose', 'org.margo.component.version': '1.4.3' } }, ['CMP-003']],
    ['cmp-012 docker compose publish', { artifactType: 'application/vnd.docker.compose.project', layerMediaType: 'application/vnd.docker.compose.file+yaml' }, ['CMP-012']],
  ] as [string, Variant, string[]][])('%s fails exactly %j', async (name, variant, failing) => {
    const results = await runCompose({ path: await writeLayout(name.replace(/\W+/g, '-'), variant), level: 'privileged' });
    expect(results.errors).toEqual([]);
    expect(results.requirements.filter((r) => r.outcome === 'fail' && r.level === 'core').map((r) => r.id)).toEqual(failing);
  });
});
