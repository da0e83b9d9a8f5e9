import { PREVIEW1, RC3, switchFaults, type Fault, type SwitchedFaults } from '../fault.js';

/** A fault of the reference WFM: see `reference/fault.ts`. */
export type WfmFault = Fault;

export const WFM_FAULTS = [
  // Desired state: the manifest.
  { id: 'weak-etag', breaks: ['DS-005'], summary: 'The manifest ETag is weak (W/"sha256:...").' },
  { id: 'etag-over-reserialised-json', breaks: ['DS-005'], summary: 'The manifest ETag hashes a pretty-printed re-serialisation, not the bytes sent.' },
  { id: 'no-304', breaks: ['DS-007'], summary: 'A matching If-None-Match on the manifest still gets 200 with the body.' },
  { id: 'if-none-match-whole-string', breaks: ['DS-007'], summary: 'If-None-Match on the manifest is compared with the ETag as one string, so a list of tags, the W/ form or * never gets 304.' },
  { id: 'no-406', breaks: ['DS-003'], summary: 'The manifest is served whatever the Accept header asks for.' },
  { id: 'accept-ignores-q-values', breaks: ['DS-003'], summary: 'Accept entries are matched without their q parameter, so one with q=0 still admits the manifest type.' },
  { id: 'bundle-omitted-when-empty', breaks: ['DS-012'], summary: 'With no deployments the manifest leaves bundle out instead of null.' },
  { id: 'empty-archive-served', breaks: ['DS-012'], summary: 'With no deployments the manifest points at an empty bundle archive.' },
  { id: 'manifest-version-reset-on-restart', breaks: ['DS-011'], summary: 'manifestVersion is not persisted and starts again at 1 after a restart.' },
  { id: 'manifest-version-not-increasing', breaks: ['DS-011'], summary: 'Changing a deployment\'s parameters does not raise manifestVersion.' },
  { id: 'one-deployment-per-device', breaks: ['DS-040'], summary: 'Desired state is kept one deployment per device, so a device with two deployments gets a manifest listing only one.' },
  { id: 'manifest-cache-public-immutable', breaks: ['DS-008', 'DS-009'], summary: 'The manifest carries Cache-Control: public, max-age=31536000, immutable.' },
  // Desired state: what the ApplicationDeployment carries, against the package and the operator's input.
  { id: 'drops-operator-parameter-values', breaks: ['PKG-022'], summary: 'The operator\'s parameter values are stored, but the deployment YAML carries the package defaults.' },
  { id: 'parameter-targets-on-first-component', breaks: ['DS-035', 'DS-036'], summary: 'Every parameter target is written for the profile\'s first component instead of the components the package names.' },
  { id: 'component-properties-trimmed', breaks: ['DS-035', 'DS-036'], summary: 'Component properties are rebuilt from repository and revision only, dropping wait and timeout.' },
  { id: 'drops-device-constraints', breaks: ['PKG-034'], editions: RC3, summary: 'The deployment profile is written without the package\'s deviceConstraints.' },
  // Desired state: content-addressed documents.
  { id: 'extra-file-in-bundle', breaks: ['DS-014'], summary: 'The bundle archive also holds a README.txt.' },
  { id: 'bundle-wrong-media-type', breaks: ['DS-013'], summary: 'The bundle response has Content-Type application/gzip.' },
  { id: 'digest-of-gzip', breaks: ['DS-015'], summary: 'Deployment YAMLs are always sent gzip-encoded and their digest covers the gzip bytes.' },
  { id: 'uppercase-hex-digest', breaks: ['DS-016'], summary: 'Deployment and bundle digests are written in upper-case hex.' },
  { id: 'unquoted-content-etag', breaks: ['DS-022'], summary: 'Content-addressed responses send the digest as ETag without quotes.' },
  { id: 'content-addressed-404-missing', breaks: ['DS-020'], summary: 'A deployment URL with an unknown digest serves the current YAML instead of 404.' },
  { id: 'coded-bundle-labelled-gzip', breaks: ['DS-013'], summary: 'Asked with Accept-Encoding: gzip, the bundle is sent gzip-coded once more and labelled Content-Type application/gzip.' },
  { id: 'content-304-without-etag', breaks: ['DS-022'], summary: 'A matching If-None-Match on a content-addressed URL gets a 304 without the ETag.' },
  { id: 'content-addressed-cache-public', breaks: ['DS-009'], editions: RC3, summary: 'Content-addressed responses keep the preview-1 Cache-Control: public, max-age=31536000, immutable.' },
  // Capabilities.
  { id: 'capabilities-update-answers-201', breaks: ['CAP-017'], editions: RC3, summary: 'A capabilities PUT that updates a device answers 201.' },
  { id: 'child-before-gateway-accepted', breaks: ['CAP-013'], editions: RC3, summary: 'A child device is registered although its gateway never reported.' },
  { id: 'capabilities-id-mismatch-accepted', breaks: ['CAP-014'], editions: RC3, summary: 'properties.id may differ from the deviceId in the path.' },
  { id: 'capabilities-envelope-accepted', breaks: ['CAP-005'], editions: RC3, summary: 'apiVersion and kind are accepted on an rc.3 capabilities body.' },
  { id: 'capabilities-deployment-type-unchecked', breaks: ['CAP-011'], editions: RC3, summary: 'supportedDeploymentTypes is validated as a list of strings, so a type outside the enumeration (kustomize) is accepted.' },
  { id: 'interface-types-from-older-list', breaks: ['CAP-011'], summary: 'The interface type enumeration lacks canbus and rs232, so a device reporting a CAN bus or serial interface is refused with 422.' },
  { id: 'capabilities-cpu-cores-optional', breaks: ['API-008'], summary: 'A cpu entry without cores is accepted (cores treated as optional).' },
  // Placement among candidates (control adapter place-deployment).
  { id: 'sums-cores-across-cpus', breaks: ['CAP-010'], editions: RC3, summary: 'Required cpu.cores are matched against the cores of all cpus entries (of an allowed architecture) added up.' },
  { id: 'places-without-eligibility-check', breaks: ['DS-033', 'DS-034'], editions: RC3, summary: 'Eligibility rules are not evaluated: the first candidate of the deployment type with capacity gets it.' },
  { id: 'matches-values-ignoring-case', breaks: ['DS-034'], editions: RC3, summary: 'Match expression values are compared with string values case-insensitively.' },
  { id: 'capacity-units-ignored', breaks: ['DS-033'], editions: RC3, summary: 'Required memory and storage are compared with the device\'s by their numbers alone, so a device reporting 1024Mi is chosen for 2Gi.' },
  // Application registry: pulling a package (control adapter load-package-from-registry).
  { id: 'ignores-tags-list-link', breaks: ['AR-001'], summary: 'The tags list is read in pages, but the Link to the next page is ignored, so versions past the first page are never seen.' },
  { id: 'takes-latest-tag', breaks: ['AR-005'], summary: 'Asked for the newest version, the WFM pulls the tag latest when the tags list has one, instead of the highest version tag.' },
  { id: 'pulls-manifest-without-accept', breaks: ['AR-006'], summary: 'Manifests are requested without an Accept header naming the OCI image manifest media type.' },
  { id: 'ignores-blob-digest', breaks: ['AR-006'], summary: 'Pulled blobs are not checked against the size and digest of their descriptor, so a tampered blob is loaded.' },
  { id: 'loads-any-artifact-type', breaks: ['AR-007'], summary: 'A manifest is loaded whatever its artifactType and config, as long as a layer has the description media type.' },
  // Deployment status.
  { id: 'status-accepts-capitalised-state', breaks: ['ST-005'], summary: 'A status state "Installed" is accepted.' },
  { id: 'status-component-states-unchecked', breaks: ['ST-005'], summary: 'Only the top-level status state is validated: a component state "Installed" is accepted.' },
  { id: 'status-without-adopted-version-accepted', breaks: ['ST-004'], editions: RC3, summary: 'A status body without adoptedManifestVersion is accepted.' },
  { id: 'status-pending-refused', breaks: ['ST-009'], summary: 'A status report with state pending is refused with 422, pending being taken for the WFM\'s own state.' },
  { id: 'status-removal-states-refused', breaks: ['ST-009'], summary: 'Status reports with state removing or removed are refused with 422, as if only install states existed.' },
  { id: 'status-deployment-id-from-path', breaks: ['ST-012'], summary: 'The body deploymentId of a status report is ignored; the path alone names the deployment.' },
  // Concurrency: invisible to one client at a time, seen when many clients poll at once (`fleet`).
  { id: 'desired-state-cache-without-client', caughtBy: 'fleet', breaks: ['DS-030', 'ID-003'], editions: RC3, summary: 'Manifests are cached for 250 ms keyed by manifestVersion alone, so a client polling soon after another gets that client\'s manifest.' },
  { id: 'etag-cache-without-client', caughtBy: 'fleet', breaks: ['DS-005'], summary: 'Manifest ETags are cached for 250 ms keyed by manifestVersion alone, so clients polling close together share one ETag.' },
  { id: 'status-dropped-under-contention', caughtBy: 'fleet', breaks: ['ST-009'], summary: 'A status report arriving within 50 ms of another client\'s is answered with success but not recorded (a lock that gives up).' },
  // Identity and TLS.
  { id: 'prefers-tls-1-2', breaks: ['ID-010', 'API-006'], summary: 'The server negotiates TLS 1.2 even when the client offers TLS 1.3.' },
  { id: 'accepts-tls-1-2', breaks: ['API-006'], editions: PREVIEW1, summary: 'The server still accepts a TLS 1.2 handshake.' },
  { id: 'serves-client-svid', breaks: ['ID-007'], editions: RC3, summary: 'The server presents a device\'s X.509-SVID of the same trust domain (.../margo/wfm/<wfm-id>/client/impostor) instead of its own.' },
  { id: 'accepts-wrong-spiffe-id', breaks: ['ID-005'], editions: RC3, summary: 'A client SVID naming another wfm-id is accepted when the policy lists it.' },
  { id: 'accepts-foreign-trust-domain', breaks: ['ID-012'], editions: RC3, summary: 'A client SVID whose URI SAN names another trust domain is accepted when the policy lists it.' },
  { id: 'pins-first-client-key', breaks: ['ID-020'], editions: RC3, summary: "The key of a client's first SVID is pinned, so its renewed SVID (same SPIFFE ID, new key) is refused with 403." },
  { id: 'accepts-unlisted-client', breaks: ['ID-006'], editions: RC3, summary: 'Any well-formed client SVID of the trust domain is served, listed in the policy or not.' },
  { id: 'shared-content-store', breaks: ['ID-003'], editions: RC3, summary: 'Content-addressed documents are looked up across all clients, not in the caller\'s scope.' },
  // Errors.
  { id: 'problem-without-type', breaks: ['ERR-001', 'ERR-002'], editions: RC3, summary: 'Problem details leave out the type member.' },
  { id: 'method-not-allowed-as-invalid-request', breaks: ['ERR-004'], editions: RC3, summary: 'A 405 for an unsupported method carries the Margo invalid-request type instead of about:blank.' },
  { id: 'public-json-as-text-plain', breaks: ['API-008'], summary: 'The JSON answers of the public endpoints (rc.3 trust discovery and SPIFFE bundle, preview-1 root CA and onboarding) are labelled text/plain.' },
  { id: 'missing-retry-after', breaks: ['ERR-006'], editions: RC3, summary: 'A 429 from the rate limiter has no Retry-After header.' },
  // preview-1 signatures and onboarding.
  { id: 'accepts-unsigned-status', breaks: ['ST-002'], editions: PREVIEW1, summary: 'A status POST without a signature is accepted.' },
  { id: 'accepts-unsigned-onboarding', breaks: ['ONB-003'], editions: PREVIEW1, summary: 'An onboarding request without a signature is accepted.' },
  { id: 'accepts-replayed-request', breaks: ['SIG-006'], editions: PREVIEW1, summary: 'The created parameter is not checked against the replay window.' },
  { id: 'content-digest-optional', breaks: ['SIG-007'], editions: PREVIEW1, summary: 'A request body without Content-Digest is accepted when its signature verifies.' },
  { id: 'revoked-client-accepted', breaks: ['SIG-008'], editions: PREVIEW1, summary: 'A client revoked by the operator is still served.' },
  { id: 'onboarding-auto-approves', breaks: ['ONB-006'], editions: PREVIEW1, summary: 'Any certificate chaining to the CA is onboarded without operator acceptance.' },
  { id: 'root-ca-with-line-breaks', breaks: ['ONB-002'], editions: PREVIEW1, summary: 'The onboarding root CA is Base64 wrapped at 64 characters.' },
  { id: 'onboards-ca-certificate', breaks: ['ONB-007'], editions: PREVIEW1, summary: 'A CA certificate (basicConstraints cA=true, keyCertSign) is onboarded as a client\'s like an end-entity one.' },
] as const satisfies readonly WfmFault[];

export type WfmFaultId = (typeof WFM_FAULTS)[number]['id'];

/** The faults switched on for one run of the reference WFM. */
export type FaultSet = SwitchedFaults<WfmFaultId>;

export function createFaultSet(names: readonly string[] = []): FaultSet {
  return switchFaults(WFM_FAULTS, names, 'reference WFM');
}
