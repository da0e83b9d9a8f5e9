/** SemVer 2.0.0 as a tag can carry it (tags allow no `+`, so no build metadata). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

interface Version {
  core: [string, string, string];
  prerelease: string[];
}

function parse(tag: string): Version | undefined {
  const match = SEMVER.exec(tag);
  if (!match) return undefined;
  return { core: [match[1] as string, match[2] as string, match[3] as string], prerelease: match[4] ? match[4].split('.') : [] };
}

/** Numeric identifiers without leading zeros compare by length, then digit by digit: no precision limit. */
function compareNumeric(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

function compareIdentifier(a: string, b: string): number {
  const [numericA, numericB] = [/^\d+$/.test(a), /^\d+$/.test(b)];
  if (numericA && numericB) return compareNumeric(a, b);
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer precedence (section 11). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  if (!x || !y) throw new Error(`not SemVer: ${x ? b : a}`);
  for (let i = 0; i < 3; i += 1) {
    const order = compareNumeric(x.core[i] as string, y.core[i] as string);
    if (order !== 0) return order;
  }
  if (x.prerelease.length === 0 || y.prerelease.length === 0) return y.prerelease.length - x.prerelease.length;
  for (let i = 0; i < Math.min(x.prerelease.length, y.prerelease.length); i += 1) {
    const order = compareIdentifier(x.prerelease[i] as string, y.prerelease[i] as string);
    if (order !== 0) return order;
  }
  return x.prerelease.length - y.prerelease.length;
}

/**
 * The newest version among tags: the highest SemVer release, or the highest pre-release when there is no
 * release. Tags that are no SemVer version (`latest`, `stable`) name no version and are passed over.
 */
export function newestVersion(tags: readonly string[]): string | undefined {
  const versions = tags.filter((tag) => parse(tag) !== undefined);
  const releases = versions.filter((tag) => !tag.includes('-'));
  return (releases.length > 0 ? releases : versions).reduce<string | undefined>((best, tag) => (best === undefined || compareVersions(tag, best) > 0 ? tag : best), undefined);
}
