import { posix } from 'node:path';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { isRecord, locate, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

const RESOURCE_FIELDS = ['icon', 'descriptionFile', 'licenseFile', 'releaseNotes'] as const;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

// PKG-043: the spec calls these "links". A relative link must resolve inside the package; an absolute URL
// is not fetched (this tool makes no network requests on a package's behalf), so it is not judged.
export const resourceFiles = defineCheck<PackageContext>({
  id: 'package-format/resource-files',
  title: 'Resource files named by the description are in the package',
  requirements: ['PKG-043'],
  run: (context) =>
    withDescription(context, ['PKG-043'], (description) => {
      const files = context.pkg.files;
      if (!files) {
        return [{ requirement: 'PKG-043', outcome: 'skip', message: `Only ${context.pkg.descriptionFile} was given, so resource files cannot be looked for.` }];
      }
      const metadata = isRecord(description.metadata) ? description.metadata : {};
      const catalog = isRecord(metadata.catalog) ? metadata.catalog : {};
      const application = isRecord(catalog.application) ? catalog.application : {};
      const findings: Finding[] = [];
      for (const field of RESOURCE_FIELDS) {
        const link = application[field];
        if (typeof link !== 'string') continue;
        const pointer = `/metadata/catalog/application/${field}`;
        const result = (outcome: Finding['outcome'], message: string) =>
          findings.push({ requirement: 'PKG-043', outcome, message, location: locate(context, pointer), evidence: { link } });
        if (HAS_SCHEME.test(link)) {
          result('skip', `${field} is the URL ${link}; remote resources are not fetched.`);
          continue;
        }
        const path = posix.normalize(link);
        if (posix.isAbsolute(link) || path === '..' || path.startsWith('../')) {
          result('fail', `${context.pkg.descriptionFile}: metadata.catalog.application.${field} is "${link}", which points outside the package (PKG-043). Ship the file inside the package and link it relatively.`);
        } else if (!files.has(path)) {
          result('fail', `${context.pkg.descriptionFile}: metadata.catalog.application.${field} names "${link}", which is not in the package (PKG-043). Add the file or correct the path.`);
        } else {
          result('pass', `${field} ${path} is in the package.`);
        }
      }
      return findings;
    }),
});
