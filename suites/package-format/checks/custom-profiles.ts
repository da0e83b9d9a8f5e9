import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { asArray, isRecord, locate, profilesOf, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

// PKG-035: a custom profile is only placeable through labels the device and WFM agree on, so it must carry
// at least one eligibility rule with a label selector. The OCI-artifact part is covered by PKG-013.
export const customProfiles = defineCheck<PackageContext>({
  id: 'package-format/custom-profiles',
  title: 'Custom deployment profiles target devices through label selectors',
  requirements: ['PKG-035'],
  run: (context) =>
    withDescription(context, ['PKG-035'], (description) => {
      const custom = context.edition.profileTypes.custom;
      const findings: Finding[] = [];
      for (const profile of profilesOf(description)) {
        if (custom === undefined || profile.value.type !== custom) continue;
        const constraints = isRecord(profile.value.deviceConstraints) ? profile.value.deviceConstraints : {};
        const hasLabelSelector = asArray(constraints.eligibilityRules).some((rule) => isRecord(rule) && isRecord(rule.labelSelector));
        if (hasLabelSelector) continue;
        findings.push({
          requirement: 'PKG-035',
          outcome: 'fail',
          message: `${context.pkg.descriptionFile}: custom deployment profile "${String(profile.value.id)}" has no eligibility rule with a labelSelector (PKG-035). Add a rule selecting the labels of devices that run this deployment type.`,
          location: locate(context, `${profile.pointer}/deviceConstraints`),
        });
      }
      return findings;
    }),
});
