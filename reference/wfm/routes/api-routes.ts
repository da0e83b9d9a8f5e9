import type { Edition } from '../../../core/catalog/editions.js';
import type { ApiRoute } from '../http/api-types.js';
import { bundleRoute } from './bundle.js';
import { capabilitiesRoutes } from './capabilities.js';
import { deploymentDocumentRoute } from './deployment-document.js';
import { deploymentStatusRoute } from './deployment-status.js';
import { onboardingRoutes } from './onboarding.js';
import { stateManifestRoute } from './state-manifest.js';
import { trustBundleRoutes } from './trust-bundle.js';

/**
 * Every API route of an edition, built from the paths of the edition table. Status comes before the
 * deployment document: `/deployments/{id}/status` also fits `/deployments/{id}/{digest}`.
 */
export function apiRoutes(edition: Edition): ApiRoute[] {
  return [
    ...onboardingRoutes(edition),
    ...trustBundleRoutes(edition),
    ...capabilitiesRoutes(edition),
    stateManifestRoute(edition),
    deploymentStatusRoute(edition),
    deploymentDocumentRoute(edition),
    bundleRoute(edition),
  ];
}
