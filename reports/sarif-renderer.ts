import type { Finding, RequirementResult, RunResults } from '../core/results/model.js';
import { formatFinding } from './format-finding.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0 for code-scanning UIs: one rule per requirement in scope, one result per finding that is not a
 * pass or skip. A failed core requirement is `error`, a failed extended one `warning`, an indeterminate or
 * errored one `note`. A waived finding (its evidence names the waiver) carries an accepted `suppressions`
 * entry with the waiver's reason, so the UI shows it as dismissed. Same input, same bytes.
 */
export function renderSarif(results: RunResults): string {
  const requirements = new Map(results.requirements.map((r) => [r.id, r]));
  const rules = results.requirements.map((r) => ({
    id: r.id,
    name: r.id,
    shortDescription: { text: r.summary },
    fullDescription: { text: [r.summary, r.note].filter(Boolean).join(' ') },
    properties: { keyword: r.keyword, level: r.level, area: r.area, specRef: r.specRef },
    defaultConfiguration: { level: r.level === 'core' ? 'error' : 'warning' },
  }));
  const ruleIndex = new Map(rules.map((r, index) => [r.id, index]));
  const sarifResults = results.results.flatMap((check) =>
    check.findings
      .filter((f) => f.outcome !== 'skip' && (f.outcome !== 'pass' || waiverOf(f) !== undefined))
      .map((finding) => sarifResult(finding, check.check, requirements.get(finding.requirement), ruleIndex.get(finding.requirement))),
  );
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: results.tool.name, version: results.tool.version, informationUri: 'https://margo.org', rules } },
        automationDetails: { id: `${results.profile.id}/${results.subject.location}` },
        properties: { verdict: results.verdict, verdictReason: results.verdictReason, profile: results.profile.id, edition: results.edition.id },
        invocations: results.errors.length
          ? [{ executionSuccessful: false, toolExecutionNotifications: results.errors.map((e) => ({ level: 'error', message: { text: e.message } })) }]
          : [{ executionSuccessful: true }],
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function sarifResult(finding: Finding, check: string, requirement: RequirementResult | undefined, ruleIndex: number | undefined) {
  const waiver = waiverOf(finding);
  const level = finding.outcome === 'fail' || waiver ? (requirement?.level === 'core' ? 'error' : 'warning') : 'note';
  const location = finding.location?.kind === 'file' ? finding.location : undefined;
  return {
    ruleId: finding.requirement,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level,
    kind: finding.outcome === 'fail' || waiver ? 'fail' : 'review',
    message: { text: formatFinding({ ...finding, location: undefined }) },
    ...(location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: location.file },
                ...(location.line !== undefined ? { region: { startLine: location.line, ...(location.column !== undefined ? { startColumn: location.column } : {}) } } : {}),
              },
              ...(location.pointer ? { logicalLocations: [{ fullyQualifiedName: location.pointer, kind: 'member' }] } : {}),
            },
          ],
        }
      : {}),
    ...(waiver ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${waiver.reason} (expires ${waiver.expires})` }] } : {}),
    properties: { outcome: waiver ? 'waived' : finding.outcome, check },
  };
}

function waiverOf(finding: Finding): { reason: string; expires: string } | undefined {
  const waiver = finding.evidence?.waiver as { reason?: unknown; expires?: unknown } | undefined;
  return typeof waiver?.reason === 'string' ? { reason: waiver.reason, expires: String(waiver.expires) } : undefined;
}
