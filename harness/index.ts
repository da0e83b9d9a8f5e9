// The library surface of margo-conformance: run a suite, get the one results model, render it.
export { runPackage, type PackageRunOptions } from './runs/run-package.js';
export { runPackages, findPackages, type PackagesRunOptions } from './runs/run-packages.js';
export { runCompose, type ComposeRunOptions } from './runs/run-compose.js';
export { runWfm, type WfmRunOptions } from './runs/run-wfm.js';
export { runDevice, type DeviceRunOptions } from './runs/run-device.js';
export { WFM_CHECKS } from '../suites/wfm-api/index.js';
export { EDITIONS, DEFAULT_EDITION, resolveEdition, type Edition } from '../core/catalog/editions.js';
export { loadCatalog, catalogProblems } from '../core/catalog/load-catalog.js';
export type { Catalog, Requirement, EditionId, Keyword, Level, Subject as RequirementSubject } from '../core/catalog/types.js';
export type { RunResults, CheckResult, RequirementResult, Finding, Location, Verdict, Subject } from '../core/results/model.js';
export { OUTCOMES, worstOutcome, type Outcome } from '../core/results/outcome.js';
export { exitCodeFor } from '../core/results/verdict.js';
export type { Check } from '../core/runner/check.js';
export { loadProfiles, requirementsInScope, type Profile } from '../core/profiles/profile.js';
export { renderHtml, renderJson, renderJunit, renderText, writeReports, RENDERERS, REPORT_FILES, type TextRenderOptions, type ReportName } from '../reports/index.js';
export { renderSarif, type SarifRenderOptions } from '../reports/sarif-renderer.js';
