// The library surface of margo-conformance: run a suite, get the one results model, render it.
export { runPackage, type PackageRunOptions } from './run-package.js';
export { runWfm, type WfmRunOptions } from './run-wfm.js';
export { runDevice, type DeviceRunOptions } from './run-device.js';
export { WFM_CHECKS } from '../suites/wfm-api/index.js';
export { EDITIONS, DEFAULT_EDITION, resolveEdition, type Edition } from './catalog/editions.js';
export { loadCatalog, catalogProblems } from './catalog/load-catalog.js';
export type { Catalog, Requirement, EditionId, Keyword, Level, Subject as RequirementSubject } from './catalog/types.js';
export type { RunResults, CheckResult, RequirementResult, Finding, Location, Verdict, Subject } from './results/model.js';
export { OUTCOMES, worstOutcome, type Outcome } from './results/outcome.js';
export { exitCodeFor } from './results/verdict.js';
export type { Check } from './runner/check.js';
export { loadProfiles, requirementsInScope, type Profile } from '../profiles/profile.js';
