import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, RequirementResult, RunResults, Subject } from '../core/results/model.js';
import { artifactOf } from './artifact-path.js';
import { sarifRules } from './sarif-rules.js';
import { withoutFilePrefix } from './text-findings.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifRenderOptions {
  /**
   * The directory artifact URIs are relative to, usually the repository root (`--sarif-root`). Subject paths
   * are resolved against the working directory. A file outside the root gets an absolute `file:` URI.
   * @default the working directory
   */
  root?: string;
}

/**
 * SARIF 2.1.0 for code-scanning UIs: one rule per requirement in scope, one result per finding that is not a
 * pass or skip. A failed core requirement is `error`, a failed extended one `warning`, an indeterminate or
 * errored one `note`. Each result names its file relative to the root (`deploy/edge/compose.yaml`, not
 * `compose.yaml`) with line and column; a finding inside a tarball or OCI layout points at the archive and
 * names the entry. A waived finding (its evidence names the waiver) carries an accepted `suppressions`
 * entry with the waiver's reason. A run over several packages gives one SARIF run with every package's
 * results. Same input and working directory, same bytes.
 */
export function renderSarif(results: RunResults, options: SarifRenderOptions = {}): string {
  const rules = sarifRules(results);
  const ruleIndex = new Map(rules.map((r, index) => [r.id, index]));
  const subjects = results.packages ?? [results];
  const sarifResults = subjects.flatMap((subject) => {
    const requirements = new Map(subject.requirements.map((r) => [r.id, r]));
    return subject.results.flatMap((check) =>
      check.findings
        .filter((f) => f.outcome !== 'skip' && (f.outcome !== 'pass' || waiverOf(f) !== undefined))
        .map((finding) =>
          sarifResult(finding, check.check, requirements.get(finding.requirement), ruleIndex.get(finding.requirement), subject.subject, options),
        ),
    );
  });
  const errors = subjects.flatMap((subject) => subject.errors.map((e) => (subjects.length > 1 ? `${subject.subject.location}: ${e.message}` : e.message)));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: results.tool.name, version: results.tool.version, informationUri: 'https://margo.org', rules } },
        automationDetails: { id: `${results.profile.id}/${results.subject.location}` },
        properties: {
          verdict: results.verdict,
          verdictReason: results.verdictReason,
          profile: results.profile.id,
          edition: results.edition.id,
          ...(results.completeness ? { completeness: results.completeness } : {}),
          ...(results.product ? { product: results.product } : {}),
        },
        invocations: errors.length
          ? [{ executionSuccessful: false, toolExecutionNotifications: errors.map((text) => ({ level: 'error', message: { text } })) }]
          : [{ executionSuccessful: true }],
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function sarifResult(
  finding: Finding,
  check: string,
  requirement: RequirementResult | undefined,
  ruleIndex: number | undefined,
  subject: Subject,
  options: SarifRenderOptions,
) {
  const waiver = waiverOf(finding);
  const level = finding.outcome === 'fail' || waiver ? (requirement?.level === 'core' ? 'error' : 'warning') : 'note';
  const file = finding.location?.kind === 'file' ? finding.location : undefined;
  const place = artifactOf(subject, file);
  const pointer = [place.entry, file?.pointer].filter(Boolean).join('#');
  return {
    ruleId: finding.requirement,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level,
    kind: finding.outcome === 'fail' || waiver ? 'fail' : 'review',
    message: { text: place.entry ? `${place.entry}: ${withoutFilePrefix(finding.message, file)}` : withoutFilePrefix(finding.message, file) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(place.path, options) },
          ...(!place.entry && file?.line !== undefined ? { region: { startLine: file.line, ...(file.column !== undefined ? { startColumn: file.column } : {}) } } : {}),
        },
        ...(pointer ? { logicalLocations: [{ fullyQualifiedName: pointer, kind: 'member' }] } : {}),
      },
    ],
    ...(waiver ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${waiver.reason} (expires ${waiver.expires})` }] } : {}),
    properties: { outcome: waiver ? 'waived' : finding.outcome, check, ...(subject.name ? { subject: subject.name } : {}) },
  };
}

/** A relative URI from the root to the path, `/`-separated and percent-encoded; absolute `file:` outside it. */
export function artifactUri(path: string, options: SarifRenderOptions): string {
  const absolute = resolve(path);
  const fromRoot = relative(resolve(options.root ?? '.'), absolute);
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) return pathToFileURL(absolute).href;
  return fromRoot.split(sep).map(encodeURIComponent).join('/');
}

function waiverOf(finding: Finding): { reason: string; expires: string } | undefined {
  const waiver = finding.evidence?.waiver as { reason?: unknown; expires?: unknown } | undefined;
  return typeof waiver?.reason === 'string' ? { reason: waiver.reason, expires: String(waiver.expires) } : undefined;
}
