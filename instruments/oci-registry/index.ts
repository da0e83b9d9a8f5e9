export { startOciRegistry, type OciRegistry, type RegistryRequest, type StartOciRegistryOptions } from './start-oci-registry.js';
export { sha256, type RegistryArtifact } from './registry-content.js';
export { answerRegistryRequest, type RegistryAnswer, type RegistryErrorCode, type RegistryRouteOptions } from './registry-routes.js';
