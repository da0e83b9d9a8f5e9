import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { locate, profilesOf, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

export const profileIdsUnique = defineCheck<PackageContext>({
  id: 'package-format/profile-ids-unique',
  title: 'Deployment profile ids are unique',
  requirements: ['PKG-009'],
  run: (context) =>
    withDescription(context, ['PKG-009'], (description) => {
      const firstSeen = new Map<string, string>();
      const findings: Finding[] = [];
      for (const profile of profilesOf(description)) {
        const id = profile.value.id;
        if (typeof id !== 'string') continue;
        const earlier = firstSeen.get(id);
        if (earlier === undefined) {
          firstSeen.set(id, profile.pointer);
          continue;
        }
        findings.push({
          requirement: 'PKG-009',
          outcome: 'fail',
          message: `${context.pkg.descriptionFile}: deployment profile id "${id}" at ${profile.pointer}/id is already used at ${earlier}/id (PKG-009). Give every deployment profile its own id.`,
          location: locate(context, `${profile.pointer}/id`),
          evidence: { id, firstUsedAt: `${earlier}/id` },
        });
      }
      return findings;
    }),
});
