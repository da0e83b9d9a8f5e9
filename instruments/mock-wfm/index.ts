export { startMockWfm, type MockWfm, type MockWfmOptions, type ServerIdentity } from './start-mock-wfm.js';
export type { MockOperator } from './mock-operator.js';
export type { HookRequest, ScenarioAnswer, ScenarioHooks, StateManifestJson } from './scenario-hooks.js';
export { WaitTimeoutError, type RecordedExchange, type RequestProblem, type TlsConnection, type TrafficLog, type WaitOptions, type WfmSocket } from './traffic-log.js';
export { routeOf } from './route-of.js';
export { bundleDocument, JWT_SVID_KEY, type TrustBundleServer, type TrustBundleServing, type TrustServerCertificate } from './trust-bundle-server.js';
