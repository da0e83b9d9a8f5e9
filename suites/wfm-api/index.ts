import { bundleArchive } from './checks/bundle-archive.js';
import { contentCaching } from './checks/content-caching.js';
import { contentDigests } from './checks/content-digests.js';
import { contentNotFound } from './checks/content-not-found.js';
import { contentUrls } from './checks/content-urls.js';
import { deploymentDocuments } from './checks/deployment-documents.js';
import { deploymentRendering } from './checks/deployment-rendering.js';
import { contentNotModified } from './checks/content-not-modified.js';
import { successContentTypes } from './checks/success-content-types.js';
import { emptyManifest } from './checks/empty-manifest.js';
import { manifestCacheControl } from './checks/manifest-cache-control.js';
import { manifestDeterminism } from './checks/manifest-determinism.js';
import { manifestEtag } from './checks/manifest-etag.js';
import { manifestNegotiation } from './checks/manifest-negotiation.js';
import { manifestNotModified } from './checks/manifest-not-modified.js';
import { manifestSchema } from './checks/manifest-schema.js';
import { manifestVersion } from './checks/manifest-version.js';
import { multiDeploymentManifest } from './checks/multi-deployment-manifest.js';
import { callerScope } from './checks/caller-scope.js';
import { capabilitiesReport } from './checks/capabilities-report.js';
import { capabilitiesValidation } from './checks/capabilities-validation.js';
import { clientAuthentication } from './checks/client-authentication.js';
import { statusReport } from './checks/status-report.js';
import { svidRenewal } from './checks/svid-renewal.js';
import { tlsVersion } from './checks/tls-version.js';
import { contentDigestCheck } from './checks/content-digest.js';
import { onboarding } from './checks/onboarding.js';
import { problemDetails } from './checks/problem-details.js';
import { requestSignatures } from './checks/request-signatures.js';
import { revokedClient } from './checks/revoked-client.js';
import { signatureFreshness } from './checks/signature-freshness.js';
import { clientCertHeader } from './checks/client-cert-header.js';
import { errorStatusCodes } from './checks/error-status-codes.js';
import { packageExtensions } from './checks/package-extensions.js';
import { placement } from './checks/placement.js';
import { registryPull } from './checks/registry-pull.js';
import { policyRefusal } from './checks/policy-refusal.js';
import { transport } from './checks/transport.js';
import { trustBundle } from './checks/trust-bundle.js';
import { wfmIdentity } from './checks/wfm-identity.js';
import type { WfmCheck } from './context.js';

export { createControlClient, ControlError, ControlUnsupportedError, type ControlClient } from './control-client.js';
export { createClientFactory } from './device-client.js';
export type { ApiCall, DeviceClient, NewClientOptions, WfmCheck, WfmContext } from './context.js';
export { validateBody, type BodyKind, type BodyProblem } from '../../core/api-bodies/validate-body.js';

/** The WFM suite: every check. Order does not matter; results are sorted by requirement and check. */
export const WFM_CHECKS: readonly WfmCheck[] = [
  manifestNegotiation,
  manifestEtag,
  manifestNotModified,
  manifestCacheControl,
  manifestDeterminism,
  manifestSchema,
  emptyManifest,
  manifestVersion,
  multiDeploymentManifest,
  contentCaching,
  contentDigests,
  contentUrls,
  contentNotFound,
  bundleArchive,
  deploymentDocuments,
  deploymentRendering,
  contentNotModified,
  successContentTypes,
  capabilitiesReport,
  capabilitiesValidation,
  statusReport,
  svidRenewal,
  tlsVersion,
  wfmIdentity,
  clientAuthentication,
  callerScope,
  problemDetails,
  onboarding,
  requestSignatures,
  signatureFreshness,
  contentDigestCheck,
  revokedClient,
  errorStatusCodes,
  transport,
  trustBundle,
  packageExtensions,
  clientCertHeader,
  policyRefusal,
  placement,
  registryPull,
];
