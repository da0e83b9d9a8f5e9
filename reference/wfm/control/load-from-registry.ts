import type { LoadedFromRegistry } from '../../../core/control/control-contract.js';
import { parseYaml } from '../../../core/input/parse-yaml.js';
import { isObject } from '../desired/application-description.js';
import type { ApiContext } from '../http/api-types.js';
import { PackageRefusedError, pullPackage } from '../registry/pull-package.js';
import { RegistryUnreachableError } from '../registry/registry-fetch.js';
import { loadPackage, type ControlResult } from './control-handlers.js';

const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

const fail = (status: number, error: string): ControlResult => ({ status, body: { error } });

/**
 * `POST /packages/from-registry`: pulls the package through the OCI Distribution API (registry/pull-package.ts)
 * and loads its description as `POST /packages` does. 422 when the WFM refuses what it was served, 502 when
 * it could not pull.
 */
export async function loadPackageFromRegistry(body: unknown, context: ApiContext): Promise<ControlResult> {
  const usage = 'Body must be {"registry": "http(s)://host:port", "repository": "<name>", "version"?: "<tag>"}.';
  if (!isObject(body) || typeof body['registry'] !== 'string' || typeof body['repository'] !== 'string') return fail(400, usage);
  const { repository, version } = body;
  let registry: URL;
  try {
    registry = new URL(body['registry']);
  } catch {
    return fail(400, `registry "${body['registry']}" is not a URL. ${usage}`);
  }
  if (!['http:', 'https:'].includes(registry.protocol) || registry.username || registry.password || registry.pathname !== '/' || registry.search) return fail(400, `registry must be an http(s) origin without path or credentials. ${usage}`);
  if (!NAME.test(repository)) return fail(400, `repository "${repository}" does not match the distribution-spec name grammar.`);
  if (version !== undefined && (typeof version !== 'string' || !TAG.test(version))) return fail(400, `version ${JSON.stringify(version)} is not a tag.`);

  let pulled;
  try {
    pulled = await pullPackage({ registry, repository, ...(version === undefined ? {} : { version }) }, context.faults);
  } catch (cause) {
    if (cause instanceof PackageRefusedError) return fail(422, cause.message);
    if (cause instanceof RegistryUnreachableError) return fail(502, `Could not pull ${repository} from ${registry.origin}: ${cause.message}.`);
    throw cause;
  }
  const loaded = loadPackage({ descriptionYaml: pulled.descriptionYaml }, context);
  if (loaded.status !== 201) return fail(422, `The description pulled from ${repository} cannot be loaded: ${String((loaded.body as { error?: unknown }).error)}`);
  const { applicationId } = loaded.body as { applicationId: string };
  const answer: LoadedFromRegistry = { applicationId, version: versionOf(pulled.descriptionYaml), manifestDigest: pulled.manifestDigest };
  return { status: 201, body: answer };
}

/** `metadata.version` of a description that already loaded, as text. */
function versionOf(yaml: string): string {
  const value = parseYaml(yaml).value;
  const metadata = isObject(value) ? value['metadata'] : undefined;
  return isObject(metadata) ? String(metadata['version']) : '';
}
