import { readdirSync } from 'node:fs';
import type { Catalog, EditionId, Level, Requirement, Subject } from '../catalog/types.js';
import { areaOf } from '../catalog/level.js';
import { readDataYaml } from '../input/read-data-yaml.js';
import { fromPackageRoot } from '../package-root.js';

/** What a product claims, as data: which requirements bind it and which suites decide them. */
export interface Profile {
  id: string;
  title: string;
  description: string;
  subjects: Subject[];
  /** The check sets this profile runs (`harness/check-sets.ts` maps each name to its checks). */
  checks: string[];
  /** Draft profiles go beyond the spec; the report says so. */
  draft?: boolean;
  /** Device profiles: the deployment type the device is certified for; the suite assigns components of it. */
  deploymentType?: 'helm' | 'compose' | 'custom';
  /** Areas whose rows bind the same subjects but belong to another profile (a device class's draft rules). */
  excludeAreas?: string[];
  /**
   * Requirement IDs this profile makes `core` for itself: a class whose whole point is a capability lets that
   * capability's rules decide its verdict (device-wasm: a device that cannot pull or run Wasm is non-conformant).
   * The rows keep their keyword and draft label; other profiles see the catalog's level.
   */
  raise?: string[];
}

/** An optional feature a device may claim (`run --feature`): the requirements that bind only a device claiming it. */
export interface DeviceFeature {
  id: string;
  title: string;
  description: string;
  editions: EditionId[];
  requirements: string[];
}

const loaded = new Map<string, Profile[]>();

/** Reads the profile files once per process; they are part of the tool, not of the input. */
export function loadProfiles(): Profile[] {
  const dir = fromPackageRoot('profiles');
  const cached = loaded.get(dir);
  if (cached) return cached;
  const profiles = readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => readDataYaml(`profiles/${file}`) as Profile);
  loaded.set(dir, profiles);
  return profiles;
}

/** The device features (`profiles/features/device.yaml`). */
export function loadDeviceFeatures(): DeviceFeature[] {
  return readDataYaml('profiles/features/device.yaml') as DeviceFeature[];
}

/**
 * Checks the claimed features against the table and the edition; throws one line naming the problem.
 * Returns the requirement IDs of the features not claimed: they do not apply to this device.
 */
export function unclaimedRequirements(claimed: readonly string[], edition: EditionId, features = loadDeviceFeatures()): Map<string, DeviceFeature> {
  for (const id of claimed) {
    const feature = features.find((f) => f.id === id);
    if (!feature) throw new Error(`Unknown device feature "${id}"; use one of ${features.map((f) => f.id).join(', ')}.`);
    if (!feature.editions.includes(edition)) throw new Error(`Device feature "${id}" exists only in ${feature.editions.join(', ')}, not in ${edition}.`);
  }
  const out = new Map<string, DeviceFeature>();
  for (const feature of features) if (!claimed.includes(feature.id)) for (const id of feature.requirements) out.set(id, feature);
  return out;
}

/** The profile with this id; a missing one is a broken installation, not a user error. */
export function loadProfile(id: string): Profile {
  const profile = loadProfiles().find((p) => p.id === id);
  if (!profile) throw new Error(`profile ${id} is missing from profiles/`);
  return profile;
}

/** The requirements a run reports: those in scope, narrowed to `only` (`--only`) when given. */
export function reportedScope(scope: Requirement[], only: readonly string[] | undefined): Requirement[] {
  return only ? scope.filter((row) => only.includes(row.id)) : scope;
}

/** Requirements that bind a profile in an edition: its subjects, in that edition. */
export function requirementsInScope(catalog: Catalog, profile: Profile, edition: EditionId): Requirement[] {
  return catalog.requirements
    .filter(
      (row) =>
        row.editions.includes(edition) &&
        row.subjects.some((subject) => profile.subjects.includes(subject)) &&
        !profile.excludeAreas?.includes(areaOf(row.id)),
    )
    .map((row) => (raisedLevel(profile, row) === row.level ? row : { ...row, level: 'core' as const }));
}

/** The level a row has for this profile: `core` when the profile raises it (`raise`), else the catalog's. */
export function raisedLevel(profile: Pick<Profile, 'raise'>, row: Pick<Requirement, 'id' | 'level'>): Level {
  return profile.raise?.includes(row.id) ? 'core' : row.level;
}
