import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { asArray, isRecord, locate, withDescription } from '../description.js';
import type { OciPackage, PackageContext } from '../package.js';
import { manifestName, shown, withOciInput } from './oci-input.js';
import { OCI_ANNOTATIONS } from '../../../core/protocol/oci-media-types.js';

const REQUIREMENT = 'PKG-032';
/** Where the package version sits; the same in both editions, so it is not an Edition fact (yet). */
const VERSION_POINTER = '/metadata/version';
/** A tag naming one full version (`2.4.1`, `v2.4.1-rc.1`), as opposed to a moving tag (`latest`, `2.4`). */
const VERSION_TAG = /^v?\d+\.\d+\.\d+(?:[-+_].*)?$/;

// PKG-032 speaks of the registry tag; in an OCI image layout the tags are the `org.opencontainers.image.ref.name`
// of the index entries naming the manifest. The spec's own example also tags `latest` (AR-005), so moving
// tags are not flagged (see the PKG-032 note): a version-like tag other than metadata.version fails, and a
// manifest tagged only with moving tags leaves the requirement indeterminate.
export const ociTag = defineCheck<PackageContext>({
  id: 'package-format/oci-tag',
  title: 'The package version is tagged with its metadata.version',
  requirements: [REQUIREMENT],
  run: (context) =>
    withOciInput(context, [REQUIREMENT], (oci) =>
      withDescription(context, [REQUIREMENT], (description): Finding[] => {
        const metadata = isRecord(description.metadata) ? description.metadata : {};
        const version = metadata.version;
        if (typeof version !== 'string' || version === '') {
          return [
            {
              requirement: REQUIREMENT,
              outcome: 'skip',
              message: `${context.pkg.descriptionFile}: metadata.version is ${shown(version)}, not a version string, so the tag cannot be compared with it (see PKG-008).`,
              location: locate(context, VERSION_POINTER),
            },
          ];
        }
        const tags = tagsOf(oci);
        if (tags.some(({ tag }) => tag === version)) return [];
        const subject = `index.json: ${manifestName(oci)}`;
        const wrong = tags.find(({ tag }) => VERSION_TAG.test(tag));
        if (wrong) {
          return [
            {
              requirement: REQUIREMENT,
              outcome: 'fail',
              message: `${subject} is tagged "${wrong.tag}"; expected its metadata.version "${version}" (PKG-032). Tag the package version ${version}.`,
              location: { kind: 'file', file: 'index.json', pointer: `/manifests/${wrong.position}/annotations/${OCI_ANNOTATIONS.refName}` },
              evidence: { expected: version, actual: wrong.tag },
            },
          ];
        }
        const known = tags.length === 0 ? `has no ${OCI_ANNOTATIONS.refName} annotation` : `is tagged only ${tags.map(({ tag }) => `"${tag}"`).join(', ')}`;
        return [
          {
            requirement: REQUIREMENT,
            outcome: 'indeterminate',
            message: `${subject} ${known}, so its version tag is not known in this layout (PKG-032). Tag the layout entry ${version}, e.g. oras push --oci-layout <dir>:${version}.`,
            location: { kind: 'file', file: 'index.json', pointer: '/manifests' },
            evidence: { version, tags: tags.map(({ tag }) => tag) },
          },
        ];
      }),
    ),
});

/** Every tag the index gives the chosen manifest, with the position of its entry. */
function tagsOf(oci: OciPackage): { tag: string; position: number }[] {
  return asArray(isRecord(oci.index) ? oci.index.manifests : []).flatMap((entry, position) => {
    if (!isRecord(entry) || entry.digest !== oci.manifestDigest || !isRecord(entry.annotations)) return [];
    const tag = entry.annotations[OCI_ANNOTATIONS.refName];
    return typeof tag === 'string' ? [{ tag, position }] : [];
  });
}
