import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fromPackageRoot } from '../../core/package-root.js';
import type { RequirementResult, RunResults } from '../../core/results/model.js';
import { worstOutcome } from '../../core/results/outcome.js';
import { decideCompleteness, decideVerdict, reasonWithCompleteness } from '../../core/results/verdict.js';
import { harRecordIds, type Har } from '../../reports/har-renderer.js';
import { MANIFEST_FILE, SIGNATURE_FILE, sha256, type BundleFiles, type BundleManifest } from './bundle-files.js';
import { TRAFFIC_FILE } from './bundle-content.js';
import { verifySignedStatement } from './verify-signature.js';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
let validate: ReturnType<InstanceType<typeof Ajv2020>['compile']> | undefined;

/**
 * Everything `verify` checks, one line per problem (empty when the bundle holds): the signature with the
 * lab's key, every file against the signed statement and the manifest, results.json against its schema, the
 * verdict and completeness recomputed from the per-check outcomes, and every pass's evidence in traffic.har.
 */
export function verifyBundle(files: BundleFiles, publicKeyPem: string): string[] {
  const problems: string[] = [];
  const signature = files.get(SIGNATURE_FILE);
  let signed: Map<string, string> | undefined;
  if (!signature) problems.push(`${SIGNATURE_FILE}: missing; the bundle is not signed`);
  else {
    try {
      const statement = verifySignedStatement(signature.toString('utf8'), publicKeyPem);
      signed = new Map(statement.subject.map((s) => [s.name, s.digest.sha256]));
    } catch (cause) {
      problems.push(`${SIGNATURE_FILE}: ${(cause as Error).message}`);
    }
  }
  if (signed) {
    for (const [name, digest] of signed) {
      const bytes = files.get(name);
      if (!bytes) problems.push(`${name}: signed but missing from the bundle`);
      else if (sha256(bytes) !== digest) problems.push(`${name}: SHA-256 differs from the signed statement (the file was changed after signing)`);
    }
    for (const name of files.keys()) if (name !== SIGNATURE_FILE && !signed.has(name)) problems.push(`${name}: not covered by the signature`);
  }
  const manifest = parseJson<BundleManifest>(files, MANIFEST_FILE, problems);
  if (manifest) {
    const listed = new Map((manifest.files ?? []).map((f) => [f.path, f.sha256]));
    for (const [name, digest] of listed) {
      const bytes = files.get(name);
      if (!bytes) problems.push(`${name}: listed in ${MANIFEST_FILE} but missing`);
      else if (sha256(bytes) !== digest) problems.push(`${name}: SHA-256 differs from ${MANIFEST_FILE}`);
    }
    for (const name of files.keys()) if (name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name)) problems.push(`${name}: not listed in ${MANIFEST_FILE}`);
  }
  const results = parseJson<RunResults>(files, 'results.json', problems);
  if (results) {
    problems.push(...schemaProblems(results));
    problems.push(...verdictProblems(results));
    const har = parseJson<Har>(files, TRAFFIC_FILE, problems);
    if (har) problems.push(...evidenceProblems(results, har));
  }
  return problems;
}

function parseJson<T>(files: BundleFiles, name: string, problems: string[]): T | undefined {
  const bytes = files.get(name);
  if (!bytes) {
    problems.push(`${name}: missing from the bundle`);
    return undefined;
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (cause) {
    problems.push(`${name}: not JSON (${(cause as Error).message})`);
    return undefined;
  }
}

function schemaProblems(results: RunResults): string[] {
  validate ??= (() => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    return ajv.compile(JSON.parse(readFileSync(fromPackageRoot('reports', 'results.schema.json'), 'utf8')) as object);
  })();
  if (validate(results)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `results.json ${e.instancePath || '/'}: ${e.message ?? 'invalid'} (reports/results.schema.json)`);
}

/** Recomputes each requirement's outcome from its checks, then the verdict and completeness, and compares. */
function verdictProblems(results: RunResults): string[] {
  const problems: string[] = [];
  const recomputed: RequirementResult[] = (results.requirements ?? []).map((row) => {
    const checks = (results.results ?? []).filter((r) => r.requirement === row.id);
    const outcome = checks.length > 0 ? worstOutcome(checks.map((c) => c.outcome)) : 'not-covered';
    if (outcome !== row.outcome) problems.push(`results.json: requirement ${row.id} says ${row.outcome}, but its checks give ${outcome}`);
    return { ...row, outcome };
  });
  const { verdict, reason } = decideVerdict(recomputed, results.errors ?? []);
  if (verdict !== results.verdict) problems.push(`results.json: verdict ${results.verdict} does not follow from the per-check outcomes (recomputed: ${verdict}; ${reason})`);
  const completeness = decideCompleteness(recomputed, results.results ?? []);
  const given = results.completeness;
  if (!given || given.complete !== completeness.complete || given.decided !== completeness.decided || given.undecided.join(',') !== completeness.undecided.join(',')) {
    problems.push(`results.json: completeness ${given ? `${given.decided} decided, ${given.undecided.length} undecided` : 'missing'} does not follow from the per-check outcomes (recomputed: ${completeness.decided} decided, ${completeness.undecided.length} undecided)`);
  }
  if (verdict === results.verdict && results.verdictReason !== reasonWithCompleteness(verdict, reason, completeness)) {
    problems.push('results.json: verdictReason was edited (it does not match the recomputed verdict)');
  }
  return problems;
}

/** Every pass cites at least one observation, and every traffic record it cites is in traffic.har. */
function evidenceProblems(results: RunResults, har: Har): string[] {
  if (!har.log || !Array.isArray(har.log.entries)) return [`${TRAFFIC_FILE}: not a HAR 1.2 log`];
  const ids = harRecordIds(har);
  const problems: string[] = [];
  for (const result of results.results ?? []) {
    if (result.outcome !== 'pass') continue;
    const refs = result.observed ?? [];
    if (refs.length === 0) problems.push(`results.json: the pass of ${result.check} on ${result.requirement} cites no evidence`);
    for (const ref of refs) {
      if (ref.kind === 'traffic' && !ids.has(ref.id)) problems.push(`${TRAFFIC_FILE}: exchange ${ref.id}, cited by the pass of ${result.check} on ${result.requirement}, is missing`);
    }
  }
  if (results.trafficLog && results.trafficLog.records !== ids.size) problems.push(`${TRAFFIC_FILE}: holds ${ids.size} records, results.json says ${results.trafficLog.records}`);
  return problems;
}
