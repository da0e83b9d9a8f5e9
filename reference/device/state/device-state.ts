import { mkdir, open, rename } from 'node:fs/promises';
import { UnsafeInputError, USER_FILE_LIMITS } from '../../../core/input/limits.js';
import { readFileBounded } from '../../../core/input/read-file-bounded.js';
import { join } from 'node:path';

/** A component as the device last knew it. */
export interface ComponentRecord {
  name: string;
  state: string;
  properties: Record<string, unknown>;
  error?: { code: string; message: string; source?: string };
}

/** A deployment the device holds: the revision (digest) applied and where it came from. */
export interface DeploymentRecord {
  deploymentId: string;
  /** The application the deployment was made from, when its YAML names it. */
  applicationId?: string;
  digest: string;
  /** The manifest the current revision was taken from (ST-011). */
  adoptedManifestVersion: number;
  /** The manifest that first brought the deployment. */
  firstManifestVersion: number;
  /** A gateway's only: the device hosting the deployment, itself or a child (ST-010); absent when none does. */
  hostDeviceId?: string;
  profileType: string;
  components: ComponentRecord[];
  error?: { code: string; message: string; source?: string };
}

/** Everything that survives a restart (DS-027, ONB-005). */
export interface DeviceStateData {
  manifestVersion?: number;
  etag?: string;
  clientId?: string;
  /** Capabilities were accepted once, so later reports use the edition's update method. */
  capabilitiesCreated?: boolean;
  /** A gateway's children (full device ids) whose capabilities were accepted once, likewise. */
  childCapabilitiesCreated?: string[];
  /** rc.3 Trust Bundle API client (`--trust-discovery-url`): the bundle last accepted (TB-008, TB-009). */
  trustBundle?: TrustBundleRecord;
  deployments: Record<string, DeploymentRecord>;
}

/** The anchors in use and where they came from; a restarted device uses them until it fetches anew. */
export interface TrustBundleRecord {
  anchorsPem: string;
  /** The trustBundleUri they were fetched from, and its ETag for If-None-Match. */
  uri: string;
  etag?: string;
  /** The highest spiffe_sequence accepted (TB-008); kept when a later bundle carries none. */
  sequence?: number;
  /** The accepted bundle's spiffe_refresh_hint (TB-010). */
  refreshHintSeconds?: number;
}

export const STATE_FILE = 'device-state.json';

export async function loadDeviceState(dir: string): Promise<DeviceStateData> {
  let text: string;
  try {
    text = (await readFileBounded(join(dir, STATE_FILE), { limit: USER_FILE_LIMITS.referenceState, what: 'reference device state' })).toString('utf8');
  } catch (cause) {
    if (cause instanceof UnsafeInputError) throw cause;
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { deployments: {} };
    throw new Error(`reference device: cannot read ${join(dir, STATE_FILE)}: ${(cause as Error).message}`, { cause });
  }
  try {
    const data = JSON.parse(text) as Partial<DeviceStateData>;
    return { ...data, deployments: data.deployments ?? {} };
  } catch (cause) {
    throw new Error(`reference device: ${join(dir, STATE_FILE)} is not JSON. Remove it to start from a fresh state.`, { cause });
  }
}

/** Durable write (DS-027): a temporary file, fsync'd, renamed over the old one, so a crash leaves one or the other. */
export async function saveDeviceState(dir: string, data: DeviceStateData): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, STATE_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, target);
}
