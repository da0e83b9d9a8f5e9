import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { decodedBody } from '../support/bytes.js';
import { fetchContent } from '../support/content.js';
import { answered, fail, guarded, skip } from '../support/findings.js';
import { valueAt } from '../support/json-pointer.js';

const REQUIREMENTS = ['PKG-034', 'PKG-036', 'PKG-037'];
const EXTENSION = /^x-[a-z][a-z0-9-]*-extensions$/;

type Profile = { id?: string; deviceConstraints?: unknown; components?: Record<string, unknown>[] } & Record<string, unknown>;

/**
 * How a WFM carries our example package (fixtures/packages/rc3/valid/line-monitor) into the
 * ApplicationDeployment: deviceConstraints unchanged (PKG-034), root extensions left behind (PKG-036),
 * profile and component extensions copied unchanged (PKG-037). Compared semantically.
 */
export const packageExtensions = defineCheck<WfmContext>({
  id: 'wfm-api/package-extensions',
  title: "Deployments copy the profile's deviceConstraints and extensions and drop root extensions",
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      if (!context.edition.extensions) return skip(REQUIREMENTS, `The ${context.edition.id} description has no extensions.`);
      const { contents, deployment } = await fetchContent(context, 'pkg-037');
      const yaml = contents.find((c) => c.kind === 'deployment');
      if (!yaml || yaml.response.status !== 200) return skip(REQUIREMENTS, 'No deployment YAML could be fetched (see DS-015).');
      const document = parse(decodedBody(yaml.response).toString('utf8')) as unknown;
      const description = deployment.description as Record<string, unknown> & { deploymentProfiles: Profile[] };
      const profile = description.deploymentProfiles.find((p) => p.id === deployment.profileId) ?? {};
      const what = answered(yaml.response);
      const findings: Finding[] = [];
      const delivered = valueAt(document, '/spec/deploymentProfile') as Profile | undefined;

      if (profile.deviceConstraints !== undefined && !isDeepStrictEqual(delivered?.deviceConstraints, profile.deviceConstraints)) {
        findings.push(fail('PKG-034', `${what}: spec.deploymentProfile.deviceConstraints differs from the profile's deviceConstraints (PKG-034). Copy them unchanged.`, yaml.response.exchange, { expected: profile.deviceConstraints, actual: delivered?.deviceConstraints ?? null }));
      }
      const rootExtensions = Object.keys(description).filter((key) => EXTENSION.test(key));
      const leaked = rootExtensions.filter((key) => JSON.stringify(document).includes(`"${key}":${JSON.stringify(description[key])}`));
      if (leaked.length > 0) {
        findings.push(fail('PKG-036', `${what} carries the description's root extension ${leaked.join(', ')} (PKG-036). Do not pass root-level extensions on to devices.`, yaml.response.exchange));
      }
      for (const key of Object.keys(profile).filter((k) => EXTENSION.test(k))) {
        if (!isDeepStrictEqual(delivered?.[key], profile[key])) findings.push(fail('PKG-037', `${what}: spec.deploymentProfile.${key} is not the profile's extension, unchanged (PKG-037). Copy profile extensions as they are.`, yaml.response.exchange));
      }
      for (const component of profile.components ?? []) {
        const copy = delivered?.components?.find((c) => c.name === component.name);
        for (const key of Object.keys(component).filter((k) => EXTENSION.test(k))) {
          if (!isDeepStrictEqual(copy?.[key], component[key])) findings.push(fail('PKG-037', `${what}: component ${String(component.name)}'s ${key} is not copied unchanged (PKG-037). Copy component extensions as they are.`, yaml.response.exchange));
        }
      }
      return findings;
    }),
});
