import type { Check } from '../../core/runner/check.js';
import { componentNamesUnique } from './checks/component-names-unique.js';
import { composeSigningKey } from './checks/compose-signing-key.js';
import { configurationReferences } from './checks/configuration-references.js';
import { customProfiles } from './checks/custom-profiles.js';
import { descriptionSchema } from './checks/description-schema.js';
import { ociLayers } from './checks/oci-layers.js';
import { ociManifest } from './checks/oci-manifest.js';
import { ociTag } from './checks/oci-tag.js';
import { parameterTargets } from './checks/parameter-targets.js';
import { profileIdsUnique } from './checks/profile-ids-unique.js';
import { profileTypesOffered } from './checks/profile-types-offered.js';
import { resourceFiles } from './checks/resource-files.js';
import { schemaRuleAttributes } from './checks/schema-rule-attributes.js';
import { selectSchemas } from './checks/select-schemas.js';
import { singleDescription } from './checks/single-description.js';
import type { PackageContext } from './package.js';

export { loadPackage, type LoadPackageOptions } from './load/load-package.js';
export type { LoadedPackage, PackageContext, PackageFormat } from './package.js';

/** The package-format checks: the ApplicationDescription and its OCI packaging. Which suites a profile runs is profile data. */
export const PACKAGE_CHECKS: readonly Check<PackageContext>[] = [
  singleDescription,
  descriptionSchema,
  profileIdsUnique,
  componentNamesUnique,
  parameterTargets,
  configurationReferences,
  selectSchemas,
  schemaRuleAttributes,
  resourceFiles,
  profileTypesOffered,
  composeSigningKey,
  customProfiles,
  ociManifest,
  ociLayers,
  ociTag,
];
