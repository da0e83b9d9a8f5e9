import { capabilitiesChange } from './checks/capabilities-change.js';
import { capabilitiesContent } from './checks/capabilities-content.js';
import { capabilitiesFirst } from './checks/capabilities-first.js';
import { contentNotFound } from './checks/content-not-found.js';
import { digestMismatch } from './checks/digest-mismatch.js';
import { downtimeWindow } from './checks/downtime-window.js';
import { eligibility } from './checks/eligibility.js';
import { failureReport } from './checks/failure-report.js';
import { gatewayCapabilities } from './checks/gateway-capabilities.js';
import { gatewayHosting } from './checks/gateway-hosting.js';
import { gatewayPlacement } from './checks/gateway-placement.js';
import { installReporting } from './checks/install-reporting.js';
import { interruptedByRestart } from './checks/interrupted-by-restart.js';
import { lifecycle } from './checks/lifecycle.js';
import { manifestPolling } from './checks/manifest-polling.js';
import { manifestRollback } from './checks/manifest-rollback.js';
import { pollingPeriod } from './checks/polling-period.js';
import { requestConformance } from './checks/request-conformance.js';
import { restartPersistence } from './checks/restart-persistence.js';
import { retryAfter } from './checks/retry-after.js';
import { serverIdentity } from './checks/server-identity.js';
import { severalDeployments } from './checks/several-deployments.js';
import { svidRenewal } from './checks/svid-renewal.js';
import { trustBundleHttpsOnly, trustBundleServerIdentity, trustBundleTrustDomain, trustBundleUnknownFields } from './checks/trust-bundle-bootstrap.js';
import { trustBundleFailClosed, trustBundleJwtKeys, trustBundleRefresh, trustBundleReplacement, trustBundleSequence } from './checks/trust-bundle-rotation.js';
import { unfitDeployment } from './checks/unfit-deployment.js';
import { unknownExtensions } from './checks/unknown-extensions.js';
import { unsupportedDigest } from './checks/unsupported-digest.js';
import { wasmCapabilities } from './checks/wasm-capabilities.js';
import { wasmDeployments } from './checks/wasm-deployments.js';
import { wasmEligibility } from './checks/wasm-eligibility.js';
import { wasmRemoval } from './checks/wasm-removal.js';
import { wfmOutage } from './checks/wfm-outage.js';
import { wrongSize } from './checks/wrong-size.js';
import type { DeviceCheck } from './context.js';

export { ATTACHED_REASON, type Baseline, type DeploymentType, type DeviceCheck, type DeviceContext } from './context.js';
export { createAttachedSessions, type AttachedSessionsOptions } from './attached-session.js';
export { createSession, type Session, type SessionFactoryOptions, type SessionOptions } from './session.js';
export { runBaseline } from './support/baseline.js';
export { defaultCapabilities } from './support/default-capabilities.js';

/**
 * The checks that judge the shared baseline session. A device started by hand runs them first: the
 * baseline is then its first session, whose log holds the device's first requests (CAP-001).
 */
export const BASELINE_CHECKS: readonly DeviceCheck[] = [capabilitiesFirst, capabilitiesContent, requestConformance, installReporting, manifestPolling];

/**
 * The device suite: every scenario. Order does not matter for the results (sorted by requirement and
 * check); the longest scenarios come first so the lanes finish together.
 */
export const DEVICE_CHECKS: readonly DeviceCheck[] = [
  retryAfter,
  trustBundleFailClosed,
  trustBundleReplacement,
  trustBundleSequence,
  trustBundleServerIdentity,
  trustBundleRefresh,
  gatewayPlacement,
  serverIdentity,
  wasmDeployments,
  wasmEligibility,
  wasmRemoval,
  restartPersistence,
  interruptedByRestart,
  svidRenewal,
  downtimeWindow,
  wfmOutage,
  lifecycle,
  manifestRollback,
  contentNotFound,
  digestMismatch,
  unsupportedDigest,
  eligibility,
  severalDeployments,
  ...BASELINE_CHECKS,
  failureReport,
  unfitDeployment,
  wrongSize,
  unknownExtensions,
  capabilitiesChange,
  pollingPeriod,
  wasmCapabilities,
  trustBundleJwtKeys,
  trustBundleTrustDomain,
  trustBundleHttpsOnly,
  trustBundleUnknownFields,
  gatewayCapabilities,
  gatewayHosting,
];
