import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { componentsOf, locate, profilesOf, withDescription } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';

/** SemVer 2.0 with `_` before build metadata, as OCI tags need (the same reading as PKG-013). */
const SEMVER_TAG = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:_([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** CMP-001: each Compose component is referenced by an oci:// repository and a SemVer revision. */
export const componentCoordinates = defineCheck<PackageContext>({
  id: 'compose/component-coordinates',
  title: 'Compose components are referenced by oci:// repository and SemVer revision',
  requirements: ['CMP-001'],
  run: (context) =>
    withDescription(context, ['CMP-001'], (description) =>
      profilesOf(description)
        .filter((p) => p.value.type === context.edition.profileTypes.compose)
        .flatMap(componentsOf)
        .flatMap((component): Finding[] => {
          const properties = (component.value.properties ?? {}) as Record<string, unknown>;
          const name = String(component.value.name ?? '');
          const problems: [string, string][] = [];
          if (typeof properties.repository !== 'string' || !properties.repository.startsWith('oci://')) problems.push(['repository', `is ${JSON.stringify(properties.repository ?? null)}; expected oci://<registry>/<path>`]);
          if (typeof properties.revision !== 'string' || !SEMVER_TAG.test(properties.revision)) problems.push(['revision', `is ${JSON.stringify(properties.revision ?? null)}; expected a SemVer tag such as 1.2.0`]);
          return problems.map(([key, text]) => ({
            requirement: 'CMP-001',
            outcome: 'fail',
            message: `${context.pkg.descriptionFile}: Compose component ${name} ${key} ${text} (CMP-001). Push the Compose Archive to an OCI registry and reference it by repository and tag.`,
            location: locate(context, `${component.pointer}/properties/${key}`),
          }));
        }),
    ),
});
