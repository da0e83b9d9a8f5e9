import { PREVIEW1, RC3, switchFaults, type Fault, type SwitchedFaults } from '../fault.js';

/** A fault of the reference device: see `reference/fault.ts`. */
export type DeviceFault = Fault;

/**
 * Conventions behind `breaks` (so the device suite can be held to them): a missing field fails only the
 * requirement that demands the field (ST-004), not the one judging its value (ST-011); a body that breaks
 * one field rule fails that rule's ID, not API-008 as well, mirroring the reference WFM's faults; the
 * downtime window is judged by POLL-003, the polling period and rate by POLL-002. A fault that also shows
 * on Wasm deployments names the WASM rows too; a profile's self-test narrows `breaks` to its own scope
 * (device-compose and device-helm exclude the WASM area).
 */
export const DEVICE_FAULTS = [
  // Capabilities.
  { id: 'capabilities-after-first-poll', breaks: ['CAP-001'], summary: 'The first manifest poll goes out before the capabilities report.' },
  { id: 'never-resends-capabilities', breaks: ['CAP-002'], summary: 'Changed capabilities are never reported again.' },
  // Polling the desired state.
  { id: 'omits-accept-header', breaks: ['DS-002'], summary: 'Manifest polls carry no Accept header.' },
  { id: 'forgets-etag-on-restart', breaks: ['DS-027'], summary: 'The manifest ETag is kept in memory only, so the first poll after a restart has no If-None-Match.' },
  { id: 'polls-outside-polling-period', breaks: ['POLL-002'], summary: 'The configured polling period (hours of the day) is ignored.' },
  { id: 'polls-during-downtime', breaks: ['POLL-003'], summary: 'The configured downtime window is ignored: requests and retries go on.' },
  { id: 'ignores-retry-after', breaks: ['ERR-007'], editions: RC3, summary: 'After 429/503 the next request comes at the polling rate, whatever Retry-After says.' },
  { id: 'dereferences-problem-type', breaks: ['ERR-003'], editions: RC3, summary: 'The type URI of a problem response is fetched to learn more about the error.' },
  // Applying the desired state.
  { id: 'accepts-sha512-digest', breaks: ['DS-025'], summary: 'sha512: digests are accepted and verified instead of making the manifest invalid.' },
  { id: 'accepts-equal-manifest-version', breaks: ['DS-026'], summary: 'A manifest whose manifestVersion equals the stored one is applied.' },
  { id: 'skips-yaml-digest-check', breaks: ['DS-024'], summary: 'Deployment YAMLs are used without checking them against their digest.' },
  { id: 'uses-size-bytes-for-integrity', breaks: ['DS-019'], summary: 'A document whose length differs from sizeBytes is refused although its digest matches.' },
  { id: 'treats-404-as-removal', breaks: ['DS-021'], summary: 'A 404 on a deployment URL removes that deployment.' },
  { id: 'keeps-unlisted-deployments', breaks: ['DS-028', 'WASM-018'], summary: 'Deployments missing from the manifest are never removed.' },
  { id: 'one-deployment-per-application', breaks: ['DS-028'], summary: 'Workloads are named after their application: of two deployments of one application, the second looks installed already and is never installed nor reported.' },
  { id: 'forgets-install-in-progress-on-restart', breaks: ['DS-041'], summary: 'An install cut short by a stop is left as it was: after the restart the deployment is never reported again, so the WFM sees it installing for ever.' },
  { id: 'forgets-removal-in-progress-on-restart', breaks: ['DS-041'], summary: 'A deployment leaves the device state when its removal starts, so a stop in the middle leaves it half removed and never reported removed.' },
  { id: 'fails-installed-on-restart', breaks: ['DS-028'], summary: 'On restart every deployment in the state file is taken for interrupted: one that was installed is reported failed although the manifest still lists it unchanged.' },
  { id: 'installs-out-of-order', breaks: ['PKG-016'], summary: 'Components are installed last to first.' },
  { id: 'ignores-wait', breaks: ['PKG-015'], summary: 'All components start at once, as if every one had wait: false.' },
  { id: 'ignores-eligibility-rules', breaks: ['DS-032', 'DS-034', 'WASM-019'], editions: RC3, summary: 'deviceConstraints.eligibilityRules are not evaluated; every deployment is installed.' },
  { id: 'contains-all-as-any', breaks: ['DS-034'], editions: RC3, summary: 'ContainsAll is evaluated like ContainsAny: one matching element or value is enough.' },
  { id: 'installs-unsupported-profile-type', breaks: ['DS-039'], summary: 'The profile type is not compared with the types the device reports; any deployment is handed to the runtime.' },
  { id: 'fails-on-unknown-extensions', breaks: ['DS-038'], editions: RC3, summary: 'A deployment carrying an x-*-extensions member the device does not know is reported failed.' },
  // Status reports.
  { id: 'reports-final-state-only', breaks: ['DS-029', 'WASM-018'], summary: 'Only the final state of an install or removal is reported, not pending/installing/removing.' },
  { id: 'reports-capitalised-state', breaks: ['ST-005'], summary: 'States are sent capitalised ("Installed").' },
  { id: 'overall-installed-while-component-failed', breaks: ['ST-006'], summary: 'The overall state is installed once the last component is done, even when another failed.' },
  { id: 'one-status-for-two-components', breaks: ['ST-007'], summary: 'components[] holds only the first component of the deployment.' },
  { id: 'error-without-code', breaks: ['ST-008'], summary: 'A failed report has error { message } without code.' },
  { id: 'omits-adopted-manifest-version', breaks: ['ST-004'], editions: RC3, summary: 'Status bodies leave out adoptedManifestVersion.' },
  { id: 'adopted-version-of-first-revision', breaks: ['ST-011'], editions: RC3, summary: 'adoptedManifestVersion stays at the manifest that first brought a deployment, also after it was updated.' },
  // Gateways (rc.3, see-thru gateway mode).
  { id: 'reports-children-before-gateway', breaks: ['CAP-013', 'DEV-010'], editions: RC3, summary: 'A gateway reports its children before itself; the WFM answers 404, so the children come again a cycle later.' },
  { id: 'non-hosting-gateway-reports-collector', breaks: ['CAP-009'], editions: RC3, summary: 'A gateway that hosts no workloads still reports otelCollector: false and peripherals: [].' },
  { id: 'hosting-gateway-omits-resources', breaks: ['DEV-011'], editions: RC3, summary: 'A gateway that hosts workloads leaves cpus, memory and storage out of its own report.' },
  { id: 'autonomous-status-names-gateway', breaks: ['DEV-013', 'ST-010'], editions: RC3, summary: 'The status of an autonomous (<gateway>/*) deployment names the gateway in deviceId instead of the child it chose.' },
  { id: 'unknown-child-reported-unreachable', breaks: ['DEV-013', 'ST-010'], editions: RC3, summary: 'A deployment for an unknown child fails with code 102 (unreachable) instead of 101.' },
  { id: 'gateway-error-without-source', breaks: ['ST-010'], editions: RC3, summary: 'Errors the gateway raises itself (101, 102, no-eligible-child) carry no error.source.' },
  { id: 'reports-gateway-properties-for-children', breaks: ['DEV-010'], editions: RC3, summary: "Each child is reported with a copy of the gateway's own properties under the child's id." },
  { id: 'places-on-unreachable-child', breaks: ['DEV-013'], editions: RC3, summary: 'Autonomous placement ignores reachability: the first child in file order that runs the profile type gets the deployment, even one the gateway cannot reach.' },
  // Identity and signatures.
  { id: 'accepts-wrong-wfm-spiffe-id', breaks: ['ID-007', 'ID-008'], editions: RC3, summary: 'Any valid SVID of the trust domain is accepted as the WFM; its SPIFFE ID is not matched.' },
  { id: 'matches-wfm-id-ignoring-case', breaks: ['ID-008'], editions: RC3, summary: 'The WFM SPIFFE ID is compared without regard to case, so wfm/WFM-1 passes for wfm/wfm-1.' },
  { id: 'accepts-expired-wfm-svid', breaks: ['ID-015'], editions: RC3, summary: 'The WFM SVID validity end is not checked.' },
  { id: 'caches-client-key-forever', breaks: ['ID-021'], editions: RC3, summary: 'The SVID files are read once at start: after its SVID is renewed on disk the device keeps presenting the old certificate and key.' },
  { id: 'pins-wfm-leaf', breaks: ['ID-022'], editions: RC3, summary: "The WFM's first leaf certificate is pinned, so its renewed SVID (same SPIFFE ID, new key, same CA) is refused." },
  { id: 'omits-content-digest', breaks: ['SIG-001', 'SIG-002'], editions: PREVIEW1, summary: 'Requests with a body carry no Content-Digest, so the signature cannot cover it.' },
  { id: 'digest-over-base64-body', breaks: ['SIG-001'], editions: PREVIEW1, summary: 'Content-Digest hashes the Base64 text of the body instead of its bytes (ambiguity 7).' },
  { id: 'signs-without-target-uri', breaks: ['SIG-002'], editions: PREVIEW1, summary: 'The signature covers @method and content-digest but not @target-uri.' },
  // Trust Bundle API client (rc.3, --trust-discovery-url).
  { id: 'trusts-discovery-on-first-use', breaks: ['ID-019'], editions: RC3, summary: "The discovery and bundle server's certificate is not verified at all." },
  { id: 'ignores-discovered-trust-domain', breaks: ['TB-004'], editions: RC3, summary: "The discovery document's trustDomain is not compared with the device's own." },
  { id: 'follows-http-bundle-uri', breaks: ['TB-005'], editions: RC3, summary: 'An http:// trustBundleUri is fetched, and its bundle used, like an https one.' },
  { id: 'rejects-bundle-with-jwt-keys', breaks: ['TB-006'], editions: RC3, summary: 'A bundle that holds any key other than x509-svid is refused as malformed.' },
  { id: 'accepts-bundle-without-x509-anchors', breaks: ['TB-007'], editions: RC3, summary: 'A bundle with no x509-svid key replaces the anchors, leaving none, so the WFM can no longer be verified.' },
  { id: 'accepts-lower-bundle-sequence', breaks: ['TB-008'], editions: RC3, summary: 'spiffe_sequence is not compared; an older bundle replaces a newer one.' },
  { id: 'merges-trust-bundles', breaks: ['TB-009'], editions: RC3, summary: "A new bundle's anchors are added to the old ones instead of replacing them." },
  { id: 'honours-bundle-cache-control', breaks: ['TB-010'], editions: RC3, summary: "The next refresh waits for the longer of spiffe_refresh_hint and the response's Cache-Control max-age." },
  { id: 'rejects-unknown-bundle-fields', breaks: ['TB-001'], editions: RC3, summary: 'A discovery document or bundle with a member the device does not know is refused.' },
  // Wasm runtime (draft Wasm device class, profiles/device-wasm.md).
  { id: 'skips-wasm-blob-digest-check', breaks: ['WASM-014'], editions: RC3, summary: 'The Wasm layer blob is used without checking it against its digest and size.' },
  { id: 'ignores-wasm-memory-cap', breaks: ['WASM-016'], editions: RC3, summary: 'A module whose memory exceeds memoryLimitBytes or the device max-memory-bytes is run anyway.' },
  { id: 'reports-installed-before-start', breaks: ['WASM-015'], editions: RC3, summary: 'A Wasm component counts as installed once instantiated, before _start ran; a trap at start goes unreported.' },
  { id: 'runs-unknown-imports', breaks: ['WASM-017'], editions: RC3, summary: 'Imports outside the WASI namespace are stubbed with functions returning 0 and the module is run.' },
] as const satisfies readonly DeviceFault[];

export type DeviceFaultId = (typeof DEVICE_FAULTS)[number]['id'];

/** The faults switched on for one run of the reference device. */
export type DeviceFaultSet = SwitchedFaults<DeviceFaultId>;

export function createDeviceFaultSet(names: readonly string[] = []): DeviceFaultSet {
  return switchFaults(DEVICE_FAULTS, names, 'reference device');
}
