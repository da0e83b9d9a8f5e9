import { DEFAULT_LIMITS, type InputLimits } from '../../../core/input/limits.js';
import { parseYaml, refuseUnsafeYaml, type ParsedYaml } from '../../../core/input/parse-yaml.js';
import type { LoadedPackage, PackageFormat } from '../package.js';

const DESCRIPTION_FILE = 'margo.yaml';
const DESCRIPTION_KIND = /^kind:\s*["']?ApplicationDescription["']?\s*(#.*)?$/m;

export interface PackageFromFilesOptions {
  format: PackageFormat;
  location: string;
  digest?: string;
  limits?: InputLimits;
}

/**
 * Builds the checks' view of an unpacked package: `margo.yaml` at the root is the description, and every
 * other root-level YAML file that declares `kind: ApplicationDescription` is counted as a second one (PKG-039).
 */
export function packageFromFiles(files: Map<string, Uint8Array>, options: PackageFromFilesOptions): LoadedPackage {
  const candidates = [...files.keys()]
    .filter((path) => !path.includes('/') && /\.ya?ml$/.test(path))
    .filter((path) => path === DESCRIPTION_FILE || DESCRIPTION_KIND.test(Buffer.from(files.get(path) ?? []).toString('utf8')))
    .sort();
  const descriptionFile = candidates.includes(DESCRIPTION_FILE) ? DESCRIPTION_FILE : (candidates[0] ?? DESCRIPTION_FILE);
  const bytes = files.get(descriptionFile);
  const description: ParsedYaml = bytes
    ? refuseUnsafeYaml(parseYaml(Buffer.from(bytes).toString('utf8'), options.limits ?? DEFAULT_LIMITS), `${options.location}: ${descriptionFile}`)
    : { value: undefined, problems: [{ message: `no ${DESCRIPTION_FILE} at the package root` }], locate: () => undefined };
  return {
    format: options.format,
    location: options.location,
    ...(options.digest ? { digest: options.digest } : {}),
    files,
    descriptionFile,
    descriptionCandidates: candidates,
    description,
  };
}
