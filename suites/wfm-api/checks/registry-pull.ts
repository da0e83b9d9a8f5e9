import { OCI_MEDIA_TYPES } from '../../../core/protocol/oci-media-types.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { EvidenceRef, Finding, HttpExchange } from '../../../core/results/model.js';
import type { OciRegistry, RegistryRequest } from '../../../instruments/oci-registry/index.js';
import type { RegistryLoad } from '../control-client.js';
import type { WfmContext } from '../context.js';
import { packageVersion, tamperedDescription, type ManifestChange, type PackageVersion } from '../support/registry-package.js';
import { errorFindings, guarded, skip } from '../support/findings.js';

const REQUIREMENTS = ['AR-001', 'AR-005', 'AR-006', 'AR-007'];
const OPERATION = 'load-package-from-registry';

/**
 * The "newest" repository: three versions and a stale moving tag. In lexical order the tags list is
 * 0.9.0, 1.0.0, 1.1.0, latest: with the run registry's pages of two, the newest version is on the second page.
 */
const VERSIONS = ['0.9.0', '1.0.0', '1.1.0'];
const NEWEST = '1.1.0';
const LATEST_NAMES = '1.0.0';
/** The single version of the other repositories, and what a tampering mirror turns it into (same length). */
const SINGLE = '1.0.0';
const TAMPERED = '1.0.9';

/** Artifacts that are not Margo application packages (AR-007): each must be refused. */
const NOT_MARGO: { slug: string; what: string; change: ManifestChange }[] = [
  { slug: 'unknown-artifact-type', what: 'has artifactType application/vnd.unknown.artifact.v1 (what oras push writes without --artifact-type)', change: { artifactType: 'application/vnd.unknown.artifact.v1' } },
  {
    slug: 'image-config',
    what: 'has a container image config (application/vnd.oci.image.config.v1+json) instead of the empty descriptor',
    change: { config: { mediaType: 'application/vnd.oci.image.config.v1+json', content: JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }) } },
  },
  { slug: 'untyped-description', what: 'carries margo.yaml as an application/vnd.oci.image.layer.v1.tar layer, so no layer has the description media type', change: { descriptionMediaType: 'application/vnd.oci.image.layer.v1.tar' } },
  { slug: 'untyped-icon', what: 'types its icon resource layer (org.margo.app.resource: icon) image/svg+xml, not application/vnd.margo.app.icon.v1+svg', change: { resourceMediaType: { resource: 'icon', mediaType: 'image/svg+xml' } } },
  { slug: 'docker-manifest', what: 'is a Docker image manifest (application/vnd.docker.distribution.manifest.v2+json), not an OCI image manifest', change: { manifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json' } },
];

/**
 * AR-001, AR-005, AR-006, AR-007: through the control adapter's `load-package-from-registry`, the WFM pulls
 * packages the suite pushed into the run's registry, and the registry's access log (in the run's traffic
 * log) shows how: asked for the newest version of a repository, it lists the tags following every `Link`
 * (AR-001), resolves the version by its version tag, never the moving `latest` (AR-005), asks for manifests
 * with the OCI manifest media type in `Accept` (AR-006) and fetches the description blob by digest; it
 * refuses a blob whose bytes do not match their digest (AR-006) and artifacts that are not Margo packages
 * (AR-007). A WFM that never contacts the registry leaves the rows `error`, never `pass`.
 */
export const registryPull = defineCheck<WfmContext>({
  id: 'wfm-api/registry-pull',
  title: 'The WFM pulls application packages through the OCI Distribution API, honouring tags, digests and media types',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const wanted = REQUIREMENTS.filter((id) => context.scope.has(id));
      if (wanted.length === 0) return [];
      if (!(await context.control.operations()).has(OPERATION)) {
        return skip(wanted, `Not decided: the control adapter does not offer ${OPERATION} (POST /packages/from-registry), so the WFM was never asked to pull a package from the suite's registry. Add the operation to the adapter to decide these rows.`);
      }
      const { registry } = context;
      if (!registry) return errorFindings(wanted, 'The harness started no application registry for this run, so the WFM could not be asked to pull a package.');
      const pull = new Puller(context, registry);
      // Always first: a WFM that loads no conformant package proves nothing by refusing the defective ones.
      const newest = await newestVersion(pull);
      const findings = newest.findings.filter((f) => context.scope.has(f.requirement));
      if (context.scope.has('AR-006')) findings.push(...(await tamperedBlob(pull, newest.loaded)));
      if (context.scope.has('AR-007')) for (const row of NOT_MARGO) findings.push(...(await notMargo(pull, row, newest.loaded)));
      return findings;
    }),
});

/** One scenario's repository: pushes versions, asks the WFM to load one, and reads what the registry saw. */
class Puller {
  constructor(
    readonly context: WfmContext,
    readonly registry: OciRegistry,
  ) {}

  repository(slug: string): string {
    return `conformance/${this.context.runId}/${slug}`;
  }

  push(slug: string, version: string, tags: string[], change?: ManifestChange): PackageVersion {
    const pushed = packageVersion(this.context.edition, { name: this.repository(slug), applicationId: `registry-${slug}-${this.context.runId}`, version, tags, ...(change ? { change } : {}) });
    this.registry.push(pushed.artifact);
    return pushed;
  }

  load(slug: string, version?: string): Promise<RegistryLoad> {
    return this.context.control.loadPackageFromRegistry({ registry: this.registry.url, repository: this.repository(slug), ...(version ? { version } : {}) });
  }

  /** The registry's requests for the scenario's repository, with their references. */
  requests(slug: string): Pulled[] {
    const prefix = `/v2/${this.repository(slug)}/`;
    return this.registry.requests.filter((request) => request.path.startsWith(prefix)).map((request) => ({ ...request, ...route(request.path.slice(prefix.length)) }));
  }

  /** The traffic record of a registry request, to point a finding at. */
  exchange(request: Pulled): HttpExchange | undefined {
    const record = request.exchange === undefined ? undefined : this.context.http.traffic.all().find((r) => r.id === request.exchange);
    return record?.kind === 'http' ? record : undefined;
  }
}

interface Pulled extends RegistryRequest {
  kind: 'tags' | 'manifest' | 'blob' | 'other';
  /** Tag or digest of a manifest or blob request. */
  reference: string;
}

/** What a request below `/v2/<name>/` asks for. */
function route(rest: string): Pick<Pulled, 'kind' | 'reference'> {
  const path = rest.split('?')[0] ?? '';
  if (path === 'tags/list') return { kind: 'tags', reference: '' };
  const match = /^(manifests|blobs)\/([^/]+)$/.exec(path);
  const reference = match ? safeDecode(match[2] as string) : '';
  return { kind: match?.[1] === 'manifests' ? 'manifest' : match ? 'blob' : 'other', reference };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const line = (request: RegistryRequest) => `${request.method} ${request.path}`;
const refs = (requests: readonly RegistryRequest[], load?: RegistryLoad): EvidenceRef[] => [
  ...requests.flatMap((request) => (request.exchange ? [{ kind: 'traffic' as const, id: request.exchange }] : [])),
  ...(load ? load.response.observed : []),
];
const isDigest = (reference: string) => /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);

/**
 * Manifest requests must list the OCI image manifest media type in `Accept` (distribution-spec "Pulling
 * manifests"); registries such as distribution answer 404 to an OCI manifest otherwise.
 */
function acceptsOciManifest(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => range.split(';')[0]?.trim().toLowerCase() === OCI_MEDIA_TYPES.manifest);
}

/** The precondition of every scenario: the WFM answered and was seen at the registry. Undefined when it holds. */
function notObserved(pull: Puller, requirements: string[], slug: string, load: RegistryLoad, seen: Pulled[]): Finding[] | undefined {
  const name = pull.repository(slug);
  if (load.outcome === 'not-pulled') {
    return requirements.map((requirement) => ({ requirement, outcome: 'error' as const, message: `The WFM could not pull ${name} from the suite's registry at ${pull.registry.url} (control adapter 502: ${load.error}), so ${requirement} could not be decided. Check that the WFM can reach the registry on the loopback interface over plain HTTP.`, location: load.response.exchange, observed: refs(seen, load) }));
  }
  if (seen.length === 0) {
    return requirements.map((requirement) => ({ requirement, outcome: 'error' as const, message: `The WFM answered ${load.response.status} to loading ${name}, but the registry at ${pull.registry.url} never saw a request for it, so ${requirement} could not be decided from the registry's access log. Make the WFM pull from the registry it is given.`, location: load.response.exchange, observed: refs([], load) }));
  }
  return undefined;
}

/** A refusal proves something only when the WFM loads the conformant package: the refusal rows' precondition. */
function refusedEverything(pull: Puller, requirement: string, slug: string, load: RegistryLoad, seen: Pulled[], newestLoaded: boolean): Finding[] | undefined {
  if (load.outcome !== 'refused' || newestLoaded) return undefined;
  return [{ requirement, outcome: 'error', message: `The WFM refused ${pull.repository(slug)} (${load.error}), but it did not load the conformant package ${pull.repository('newest')} either, so its refusal says nothing about ${requirement}.`, location: load.response.exchange, observed: refs(seen, load) }];
}

/** AR-001, AR-005, AR-006: the newest version of a repository with several versions and a stale `latest`. */
async function newestVersion(pull: Puller): Promise<{ findings: Finding[]; loaded: boolean }> {
  const slug = 'newest';
  const name = pull.repository(slug);
  const versions = VERSIONS.map((version) => pull.push(slug, version, version === LATEST_NAMES ? [version, 'latest'] : [version]));
  const load = await pull.load(slug);
  const seen = pull.requests(slug);
  const requirements = ['AR-001', 'AR-005', 'AR-006'];
  const missing = notObserved(pull, requirements, slug, load, seen);
  if (missing) return { findings: missing, loaded: false };
  if (load.outcome !== 'loaded') {
    return { findings: errorFindings(requirements, `The WFM refused to load the newest version of ${name}, a conformant Margo package (control adapter 422: ${load.error}), so the rows could not be decided.`, load.response.exchange), loaded: false };
  }
  const loadedVersion = versions.find((v) => v.manifestDigest === load.loaded.manifestDigest);
  const tagLists = seen.filter((r) => r.kind === 'tags' && r.method === 'GET' && r.status === 200);
  const manifests = seen.filter((r) => r.kind === 'manifest');
  const blobs = seen.filter((r) => r.kind === 'blob' && r.method === 'GET' && r.status === 200);
  const loaded = `it loaded version ${load.loaded.version} (manifest ${load.loaded.manifestDigest})`;
  const findings: Finding[] = [];
  const fail = (requirement: string, message: string, at: Pulled | undefined, cited: Pulled[]) => {
    const exchange = at ? pull.exchange(at) : undefined;
    findings.push({ requirement, outcome: 'fail', message, ...(exchange ? { location: exchange } : { location: load.response.exchange }), observed: refs(cited, load) });
  };
  // A pass stands on the registry's access log alone; the control answer only set the pull in motion.
  const pass = (requirement: string, message: string, cited: Pulled[]) => findings.push({ requirement, outcome: 'pass', message, observed: refs(cited) });

  // AR-001: the tags list (every page), the manifests endpoint, the description blob by digest.
  const unfollowed = tagLists.find((page) => {
    const next = /<([^>]*)>\s*;\s*rel="?next"?/.exec(page.link ?? '')?.[1];
    const target = next === undefined ? undefined : new URL(next, pull.registry.url);
    return target !== undefined && !seen.some((r) => r.kind === 'tags' && r.path === `${target.pathname}${target.search}`);
  });
  const descriptionBlob = loadedVersion && blobs.find((r) => r.reference === loadedVersion.descriptionDigest);
  if (tagLists.length === 0) {
    fail('AR-001', `Asked for the newest version of ${name}, the WFM never listed its tags (no GET /v2/${name}/tags/list answered 200); ${loaded}. The versions of a package are found in the tags list (AR-001). List the tags, then pull the version chosen.`, manifests[0], seen);
  } else if (unfollowed) {
    fail('AR-001', `${line(unfollowed)} answered a page with Link ${unfollowed.link}, and the WFM never asked for that next page, so it never saw the versions on it (${NEWEST} among them); ${loaded} (AR-001). Follow the tags list's Link header to the last page.`, unfollowed, [unfollowed]);
  } else if (manifests.length === 0 || !descriptionBlob) {
    fail('AR-001', `The WFM loaded ${name} without ${manifests.length === 0 ? 'requesting a manifest' : 'fetching the description layer blob'} from the registry's ${manifests.length === 0 ? 'manifests' : 'blobs'} endpoint; ${loaded} (AR-001). Pull the manifest, then each blob by its digest.`, undefined, seen);
  } else {
    pass('AR-001', `The WFM listed the tags of ${name} (${tagLists.length} page(s)), pulled the manifest and fetched the description blob ${descriptionBlob.reference} by digest; ${loaded}.`, [...tagLists, ...manifests, descriptionBlob]);
  }

  // AR-005: a version is pulled by its version tag, never by a moving tag such as latest.
  const versionTags = new Set(VERSIONS);
  const byTag = manifests.filter((r) => !isDigest(r.reference));
  const moving = byTag.find((r) => !versionTags.has(r.reference));
  if (moving) {
    fail('AR-005', `${line(moving)}: the WFM resolved the newest version of ${name} through the tag "${moving.reference}", which names no version (the tags list offers ${VERSIONS.join(', ')}; ${moving.reference} points at ${LATEST_NAMES}); ${loaded}. A package version's tag is its metadata.version (AR-005): choose among the tags that are versions.`, moving, [moving]);
  } else if (manifests.length > 0) {
    pass('AR-005', `The WFM pulled ${name} by ${byTag.length > 0 ? `the version tag(s) ${[...new Set(byTag.map((r) => r.reference))].join(', ')}` : 'digest'}, never by the moving tag latest; ${loaded}.`, manifests);
  }

  // AR-006: every manifest request names the OCI image manifest media type in Accept.
  const unaccepted = manifests.find((r) => !acceptsOciManifest(r.accept));
  if (unaccepted) {
    fail('AR-006', `${line(unaccepted)} sent ${unaccepted.accept === undefined ? 'no Accept header' : `Accept: ${unaccepted.accept}`}; a manifest pull names the manifest media types it accepts, here ${OCI_MEDIA_TYPES.manifest} (AR-006, distribution-spec "Pulling manifests"; registries such as distribution answer 404 to an OCI manifest otherwise). Send Accept: ${OCI_MEDIA_TYPES.manifest}.`, unaccepted, [unaccepted]);
  } else if (manifests.length > 0) {
    pass('AR-006', `Every manifest request for ${name} (${manifests.length}) accepted ${OCI_MEDIA_TYPES.manifest}.`, manifests);
  }
  return { findings, loaded: true };
}

/** AR-006: the description blob is served with bytes that do not match its digest; the WFM must refuse. */
async function tamperedBlob(pull: Puller, newestLoaded: boolean): Promise<Finding[]> {
  const slug = 'tampered';
  const name = pull.repository(slug);
  const pushed = pull.push(slug, SINGLE, [SINGLE]);
  pull.registry.tamperBlob(pushed.descriptionDigest, tamperedDescription(pushed, SINGLE, TAMPERED));
  const load = await pull.load(slug, SINGLE);
  const seen = pull.requests(slug);
  const missing = notObserved(pull, ['AR-006'], slug, load, seen) ?? refusedEverything(pull, 'AR-006', slug, load, seen, newestLoaded);
  if (missing) return missing;
  const served = seen.find((r) => r.kind === 'blob' && r.method === 'GET' && r.status === 200 && r.reference === pushed.descriptionDigest);
  const exchange = served ? pull.exchange(served) : undefined;
  const tampered = `GET /v2/${name}/blobs/${pushed.descriptionDigest} served bytes whose sha256 is not that digest (a tampering mirror's copy, version ${TAMPERED})`;
  if (load.outcome === 'loaded') {
    return [{ requirement: 'AR-006', outcome: 'fail', message: `The WFM loaded ${name} (control adapter 201, version ${load.loaded.version}) although ${tampered} (AR-006: a pulled blob is verified against the digest it was asked by). Verify the size and digest of every blob before using it.`, location: exchange ?? load.response.exchange, observed: refs(served ? [served] : seen, load) }];
  }
  if (!served) {
    return [{ requirement: 'AR-006', outcome: 'indeterminate', message: `Not exercised: the WFM refused ${name} (${load.error}) before it fetched the tampered description blob ${pushed.descriptionDigest}, so whether it verifies blob digests (AR-006) cannot be judged.`, location: load.response.exchange, observed: refs(seen, load) }];
  }
  return [{ requirement: 'AR-006', outcome: 'pass', message: `The WFM refused ${name} (control adapter 422: ${load.error}) after ${tampered}.`, observed: refs([served], load) }];
}

/** AR-007: an artifact that is not a Margo application package; the WFM must refuse to load it. */
async function notMargo(pull: Puller, row: (typeof NOT_MARGO)[number], newestLoaded: boolean): Promise<Finding[]> {
  const slug = row.slug;
  const name = pull.repository(slug);
  pull.push(slug, SINGLE, [SINGLE], row.change);
  const load = await pull.load(slug, SINGLE);
  const seen = pull.requests(slug);
  const missing = notObserved(pull, ['AR-007'], slug, load, seen) ?? refusedEverything(pull, 'AR-007', slug, load, seen, newestLoaded);
  if (missing) return missing;
  const manifest = seen.find((r) => r.kind === 'manifest' && r.method === 'GET' && r.status === 200);
  if (!manifest) {
    return [{ requirement: 'AR-007', outcome: 'error', message: `The WFM answered ${load.response.status} to loading ${name} without fetching its manifest (no GET of /v2/${name}/manifests/... answered 200), so whether it honours the Margo media types (AR-007) could not be judged.`, location: load.response.exchange, observed: refs(seen, load) }];
  }
  if (load.outcome === 'loaded') {
    return [{ requirement: 'AR-007', outcome: 'fail', message: `The WFM loaded ${name} (control adapter 201) although its manifest ${row.what} (AR-007: a package version is one manifest with artifactType ${OCI_MEDIA_TYPES.application}, the empty config and the description as a layer of media type ${OCI_MEDIA_TYPES.description}). Refuse artifacts that are not Margo application packages.`, location: pull.exchange(manifest) ?? load.response.exchange, observed: refs([manifest], load) }];
  }
  return [{ requirement: 'AR-007', outcome: 'pass', message: `The WFM refused ${name}, whose manifest ${row.what} (control adapter 422: ${load.error}).`, observed: refs([manifest], load) }];
}
