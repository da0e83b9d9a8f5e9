import { createHash } from 'node:crypto';
import { defineCheck } from '../../../core/runner/check.js';
import type { FileLocation, Finding } from '../../../core/results/model.js';
import { asArray, isRecord } from '../description.js';
import type { OciPackage, PackageContext } from '../package.js';
import { layerName, manifestLocation, manifestName, shown, withOciInput } from './oci-input.js';
import { OCI_EMPTY_DESCRIPTOR, OCI_MEDIA_TYPES, SHA256_DIGEST, blobPath } from '../../../core/protocol/oci-media-types.js';

const REQUIREMENTS = ['PKG-028', 'PKG-029'] as const;
/** The digest grammar of the OCI image spec: a well-formed digest we merely cannot verify is not a failure. */
const OCI_DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export const ociManifest = defineCheck<PackageContext>({
  id: 'package-format/oci-manifest',
  title: 'The OCI manifest is a Margo application manifest and every blob it references is intact',
  requirements: [...REQUIREMENTS],
  run: (context) =>
    withOciInput(context, REQUIREMENTS, (oci) => {
      const manifest = isRecord(oci.manifest) ? oci.manifest : {};
      return [...manifestTypes(oci, manifest), ...blobIntegrity(oci, manifest)];
    }),
});

/** PKG-029: an OCI image manifest, the Margo artifactType, and the empty descriptor as config. */
function manifestTypes(oci: OciPackage, manifest: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const subject = manifestName(oci);
  const fail = (pointer: string, message: string, expected: unknown) =>
    findings.push({
      requirement: 'PKG-029',
      outcome: 'fail',
      message,
      location: manifestLocation(oci, pointer),
      evidence: { manifest: oci.manifestDigest, expected, actual: valueAt(manifest, pointer) },
    });

  if (manifest.mediaType !== OCI_MEDIA_TYPES.manifest) {
    fail('/mediaType', `${subject}: mediaType is ${shown(manifest.mediaType)}; expected "${OCI_MEDIA_TYPES.manifest}" (PKG-029). Push the package as an OCI image manifest, as oras push does.`, OCI_MEDIA_TYPES.manifest);
  }
  const fixArtifactType = `Push the package with --artifact-type ${OCI_MEDIA_TYPES.application}.`;
  if (manifest.artifactType === OCI_MEDIA_TYPES.applicationDiagramSpelling) {
    fail('/artifactType', `${subject}: artifactType is "${OCI_MEDIA_TYPES.applicationDiagramSpelling}", the concept diagram's spelling; the spec text requires "${OCI_MEDIA_TYPES.application}" (PKG-029). ${fixArtifactType}`, OCI_MEDIA_TYPES.application);
  } else if (manifest.artifactType !== OCI_MEDIA_TYPES.application) {
    fail('/artifactType', `${subject}: artifactType is ${shown(manifest.artifactType)}; expected "${OCI_MEDIA_TYPES.application}" (PKG-029). ${fixArtifactType}`, OCI_MEDIA_TYPES.application);
  }

  const fixConfig = 'Push the package without --config, so the config is the OCI empty descriptor.';
  const config = manifest.config;
  if (!isRecord(config)) {
    fail('/config', `${subject}: config is ${shown(config)}; expected the OCI empty descriptor (PKG-029). ${fixConfig}`, OCI_EMPTY_DESCRIPTOR);
    return findings;
  }
  for (const field of ['mediaType', 'digest', 'size'] as const) {
    if (config[field] !== OCI_EMPTY_DESCRIPTOR[field]) {
      fail(`/config/${field}`, `${subject}: config.${field} is ${shown(config[field])}; expected ${JSON.stringify(OCI_EMPTY_DESCRIPTOR[field])}, the OCI empty descriptor (PKG-029). ${fixConfig}`, OCI_EMPTY_DESCRIPTOR[field]);
    }
  }
  if (config.data !== undefined && config.data !== OCI_EMPTY_DESCRIPTOR.data) {
    fail('/config/data', `${subject}: config.data is ${shown(config.data)}; expected "${OCI_EMPTY_DESCRIPTOR.data}" ({}) or no data (PKG-029). ${fixConfig}`, OCI_EMPTY_DESCRIPTOR.data);
  }
  return findings;
}

/**
 * PKG-028: every part of the package is a blob of this manifest, so each referenced blob must be in the
 * layout with the digest and size its descriptor claims. The manifest itself is checked against index.json.
 */
function blobIntegrity(oci: OciPackage, manifest: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const subject = manifestName(oci);
  const position = asArray(isRecord(oci.index) ? oci.index.manifests : []).findIndex((d) => isRecord(d) && d.digest === oci.manifestDigest);
  const entry = asArray(isRecord(oci.index) ? oci.index.manifests : [])[position];
  findings.push(
    ...verifyBlob(oci, entry, {
      name: subject,
      at: (field) => (field === 'bytes' ? manifestLocation(oci, '') : { kind: 'file', file: 'index.json', pointer: `/manifests/${position}/${field}` }),
    }),
  );
  findings.push(
    ...verifyBlob(oci, manifest.config, {
      name: `${subject} config`,
      at: (field) => manifestLocation(oci, field === 'bytes' ? '/config' : `/config/${field}`),
      embedded: true,
    }),
  );

  if (!Array.isArray(manifest.layers) || manifest.layers.length === 0) {
    findings.push({
      requirement: 'PKG-028',
      outcome: 'fail',
      message: `${subject}: layers is ${Array.isArray(manifest.layers) ? 'empty' : shown(manifest.layers)}; every file of the package must be a layer (PKG-028). Push margo.yaml and each resource file as layers.`,
      location: manifestLocation(oci, '/layers'),
    });
    return findings;
  }
  for (const [index, layer] of manifest.layers.entries()) {
    findings.push(
      ...verifyBlob(oci, layer, {
        name: `${subject} ${layerName(layer, index)}`,
        at: (field) => manifestLocation(oci, field === 'bytes' ? `/layers/${index}` : `/layers/${index}/${field}`),
      }),
    );
  }
  return findings;
}

interface BlobSubject {
  name: string;
  /** Where a finding about the descriptor's `digest` or `size`, or about the blob's bytes, points. */
  at(field: 'digest' | 'size' | 'bytes'): FileLocation;
  /** Whether the descriptor may carry its content in `data` instead of a blob (the empty config does). */
  embedded?: boolean;
}

function verifyBlob(oci: OciPackage, descriptor: unknown, subject: BlobSubject): Finding[] {
  const finding = (outcome: Finding['outcome'], field: 'digest' | 'size' | 'bytes', message: string, evidence?: Record<string, unknown>): Finding[] => [
    { requirement: 'PKG-028', outcome, message, location: subject.at(field), ...(evidence ? { evidence } : {}) },
  ];
  const reFetch = 'Copy the complete artifact into the layout again (oras copy --to-oci-layout).';
  if (!isRecord(descriptor)) return finding('fail', 'bytes', `${subject.name}: the descriptor is ${shown(descriptor)}; expected an object with mediaType, digest and size (PKG-028). ${reFetch}`);
  const digest = descriptor.digest;
  if (typeof digest !== 'string' || !SHA256_DIGEST.test(digest)) {
    if (typeof digest === 'string' && OCI_DIGEST.test(digest)) {
      return finding('indeterminate', 'digest', `${subject.name}: digest ${digest} is not sha256, so the blob cannot be verified; this tool reads sha256 blobs only (PKG-028).`);
    }
    return finding('fail', 'digest', `${subject.name}: digest is ${shown(digest)}; expected an OCI digest such as sha256:<64 hex digits> (PKG-028). ${reFetch}`);
  }
  const bytes = oci.blobs.get(digest) ?? (subject.embedded ? embeddedData(descriptor.data) : undefined);
  if (!bytes) {
    return finding('fail', 'bytes', `${subject.name}: blob ${digest} is not in the layout (${blobPath(digest)} is missing) (PKG-028). ${reFetch}`, { digest });
  }
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== digest) {
    return [
      {
        requirement: 'PKG-028',
        outcome: 'fail',
        message: `${subject.name}: the bytes of ${blobPath(digest)} hash to ${actual}; the descriptor says ${digest} (PKG-028). ${reFetch}`,
        location: { kind: 'file', file: blobPath(digest) },
        evidence: { expected: digest, actual },
      },
    ];
  }
  if (descriptor.size !== bytes.length) {
    return finding('fail', 'size', `${subject.name}: size is ${shown(descriptor.size)}; the blob has ${bytes.length} bytes (PKG-028). ${reFetch}`, { expected: bytes.length, actual: descriptor.size });
  }
  return [];
}

function embeddedData(data: unknown): Uint8Array | undefined {
  return typeof data === 'string' ? Buffer.from(data, 'base64') : undefined;
}

function valueAt(manifest: Record<string, unknown>, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((value, token) => (isRecord(value) ? value[token] : undefined), manifest);
}
