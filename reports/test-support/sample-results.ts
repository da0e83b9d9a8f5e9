import { countOutcomes, type Outcome } from '../../core/results/outcome.js';
import type { CheckResult, RequirementResult, RunResults } from '../../core/results/model.js';

/**
 * Realistic results models for renderer tests. Every call builds fresh objects (no shared state), and
 * the summary is derived from the rows so that the samples can never contradict themselves.
 */

const BASE_RUN = {
  format: 'margo-conformance-results',
  formatVersion: 1,
  tool: { name: 'margo-conformance', version: '0.1.0', commit: '3f9c2e1a7b' },
  edition: { id: '1.0.0-rc.3', title: 'Margo 1.0.0-rc.3 (mutual TLS with SPIFFE X.509-SVIDs)' },
  profile: { id: 'application-package', title: 'Application package' },
} as const;

const AREA_TITLES: Record<string, string> = { PKG: 'Application package', AR: 'Application registry', DS: 'Desired state', CMP: 'Compose archives' };

function run(command: string, durationMs: number): RunResults['run'] {
  return {
    startedAt: '2026-03-02T09:14:05.120Z',
    finishedAt: new Date(Date.parse('2026-03-02T09:14:05.120Z') + durationMs).toISOString(),
    durationMs,
    command,
    node: 'v20.20.2',
    platform: 'linux-x64',
  };
}

function requirement(row: Omit<RequirementResult, 'area' | 'areaTitle'>): RequirementResult {
  const area = row.id.slice(0, row.id.lastIndexOf('-'));
  return { ...row, area, areaTitle: AREA_TITLES[area] ?? area };
}

function summarize(results: CheckResult[], requirements: RequirementResult[]): RunResults['summary'] {
  const byLevel = (level: 'core' | 'extended') => {
    const counts: Record<Outcome | 'not-covered', number> = { ...countOutcomes([]), 'not-covered': 0 };
    for (const row of requirements) if (row.level === level) counts[row.outcome] += 1;
    return counts;
  };
  return {
    checks: countOutcomes(results.map((r) => r.outcome)),
    requirements: { core: byLevel('core'), extended: byLevel('extended') },
    warnings: requirements.filter((r) => r.level === 'extended' && r.outcome === 'fail').length,
  };
}

/** A package pulled from a registry: core failures, a warning, a skip, an indeterminate, an error. */
export function createNonConformantResults(): RunResults {
  const results: CheckResult[] = [
    {
      check: 'registry/manifest-media-type',
      checkTitle: 'Registry serves the package manifest with its OCI media type',
      requirement: 'AR-002',
      outcome: 'fail',
      message:
        'GET /v2/northstar/digitron/manifests/1.2.0 answered 200 with content-type application/json; expected application/vnd.oci.image.manifest.v1+json (AR-002).',
      findings: [
        {
          requirement: 'AR-002',
          outcome: 'fail',
          message:
            'GET /v2/northstar/digitron/manifests/1.2.0 answered 200 with content-type application/json; expected application/vnd.oci.image.manifest.v1+json (AR-002).',
          location: {
            kind: 'http',
            request: {
              method: 'GET',
              url: 'https://registry.example.test/v2/northstar/digitron/manifests/1.2.0',
              headers: { accept: 'application/vnd.oci.image.manifest.v1+json', authorization: '[redacted]' },
            },
            response: {
              status: 200,
              headers: { 'content-type': 'application/json', 'docker-content-digest': 'sha256:9b1d…' },
              body: '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{…}}',
              truncated: true,
            },
            at: 412,
          },
          evidence: { expected: 'application/vnd.oci.image.manifest.v1+json', actual: 'application/json' },
        },
      ],
      durationMs: 38.5,
    },
    {
      check: 'registry/blob-download',
      checkTitle: 'Registry serves every layer blob',
      requirement: 'AR-007',
      outcome: 'error',
      message: 'GET /v2/northstar/digitron/blobs/sha256:41ab… got no response: connection reset after 10000 ms. Check the registry is reachable, then run again.',
      findings: [
        {
          requirement: 'AR-007',
          outcome: 'error',
          message: 'GET /v2/northstar/digitron/blobs/sha256:41ab… got no response: connection reset after 10000 ms. Check the registry is reachable, then run again.',
          location: {
            kind: 'http',
            request: { method: 'GET', url: 'https://registry.example.test/v2/northstar/digitron/blobs/sha256:41ab…', headers: {} },
          },
        },
      ],
      durationMs: 10004,
    },
    {
      check: 'package-format/description-schema',
      checkTitle: 'Application description validates against the edition schema',
      requirement: 'PKG-001',
      outcome: 'pass',
      message: 'Application description validates against the edition schema: no deviation found.',
      findings: [],
      durationMs: 12.25,
    },
    {
      check: 'package-format/application-id',
      checkTitle: 'Application id is lowercase alphanumerics and hyphens',
      requirement: 'PKG-003',
      outcome: 'pass',
      message: 'Application id is lowercase alphanumerics and hyphens: no deviation found.',
      findings: [],
      durationMs: 0.5,
    },
    {
      check: 'package-format/catalog-organization',
      checkTitle: 'Catalog names at least one organization',
      requirement: 'PKG-008',
      outcome: 'fail',
      message:
        'margo.yaml: metadata.catalog.organization[0].name is "<script>alert(1)</script> & Co", which is not a plain name (PKG-008). Use the organization\'s display name.',
      findings: [
        {
          requirement: 'PKG-008',
          outcome: 'fail',
          message:
            'margo.yaml: metadata.catalog.organization[0].name is "<script>alert(1)</script> & Co", which is not a plain name (PKG-008). Use the organization\'s display name.',
          location: { kind: 'file', file: 'margo.yaml', pointer: '/metadata/catalog/organization/0/name', line: 14, column: 13 },
          evidence: { expected: 'a plain organization name', actual: '<script>alert(1)</script> & Co' },
        },
        {
          requirement: 'PKG-008',
          outcome: 'fail',
          message: 'margo.yaml: metadata.catalog.organization[1] has no name (PKG-008). Give every organization a name.',
          location: { kind: 'file', file: 'margo.yaml', pointer: '/metadata/catalog/organization/1', line: 16 },
        },
      ],
      durationMs: 1.75,
    },
    {
      check: 'package-format/description-schema',
      checkTitle: 'Application description validates against the edition schema',
      requirement: 'PKG-008',
      outcome: 'pass',
      message: 'Application description validates against the edition schema: no deviation found.',
      findings: [],
      durationMs: 12.25,
    },
    {
      check: 'package-format/helm-chart-reference',
      checkTitle: 'Helm deployment profiles reference a chart',
      requirement: 'PKG-012',
      outcome: 'skip',
      message: 'The description has no Helm deployment profile, so there is no chart reference to check.',
      findings: [],
      durationMs: 0,
    },
    {
      check: 'package-format/component-images',
      checkTitle: 'Compose components reference pullable images',
      requirement: 'PKG-020',
      outcome: 'indeterminate',
      message: 'ghcr.io/northstar/digitron-api:1.2.0 could not be resolved: registry answered 429 Too Many Requests three times. Retry later or pass --registry-auth.',
      findings: [
        {
          requirement: 'PKG-020',
          outcome: 'indeterminate',
          message: 'ghcr.io/northstar/digitron-api:1.2.0 could not be resolved: registry answered 429 Too Many Requests three times. Retry later or pass --registry-auth.',
          location: { kind: 'file', file: 'compose.yaml', pointer: '/services/api/image', line: 4 },
        },
      ],
      durationMs: 3021,
    },
    {
      check: 'package-format/catalog-icon',
      checkTitle: 'Catalog provides an application icon',
      requirement: 'PKG-041',
      outcome: 'fail',
      message: 'margo.yaml: metadata.catalog.application.icon is missing (PKG-041). Add a PNG or SVG icon to the package and reference it.',
      findings: [
        {
          requirement: 'PKG-041',
          outcome: 'fail',
          message: 'margo.yaml: metadata.catalog.application.icon is missing (PKG-041). Add a PNG or SVG icon to the package and reference it.',
          location: { kind: 'file', file: 'margo.yaml', pointer: '/metadata/catalog/application', line: 9 },
        },
      ],
      durationMs: 0.25,
    },
  ];
  const requirements: RequirementResult[] = [
    requirement({
      id: 'AR-002', keyword: 'MUST', level: 'core', outcome: 'fail', checks: ['registry/manifest-media-type'],
      summary: 'The application registry serves package manifests with the OCI image manifest media type.',
      specRef: 'Application Registry §3.1',
    }),
    requirement({
      id: 'AR-007', keyword: 'MUST', level: 'core', outcome: 'error', checks: ['registry/blob-download'],
      summary: 'The application registry serves every blob the manifest references.',
      specRef: 'Application Registry §3.2',
    }),
    requirement({
      id: 'DS-003', keyword: 'MUST', level: 'core', outcome: 'not-covered', checks: [],
      summary: 'A desired-state document names the package revision it deploys.',
      specRef: 'Desired State §2.4',
      coverageNote: 'Decided by the WFM profile; a package run has no desired state to examine.',
    }),
    requirement({
      id: 'PKG-001', keyword: 'MUST', level: 'core', outcome: 'pass', checks: ['package-format/description-schema'],
      summary: 'The application description validates against the edition schema.',
      specRef: 'Application Package §2.1',
    }),
    requirement({
      id: 'PKG-003', keyword: 'MUST', level: 'core', outcome: 'pass', checks: ['package-format/application-id'],
      summary: 'The application id uses lowercase alphanumerics and hyphens only.',
      specRef: 'Application Description §id',
      note: 'The prose says "lowercase alphanumeric"; we read hyphens as allowed because every official example uses them.',
      errata: ['The rc.3 example "digitron-orchestrator" description uses an uppercase id; we treat that example as wrong, not the rule.'],
    }),
    requirement({
      id: 'PKG-008', keyword: 'MUST', level: 'core', outcome: 'fail',
      checks: ['package-format/catalog-organization', 'package-format/description-schema'],
      summary: 'The catalog metadata names at least one organization, each with a name.',
      specRef: 'Application Description §metadata.catalog.organization',
      note: 'An organization name containing markup is rejected: catalog UIs render it as text.',
    }),
    requirement({
      id: 'PKG-012', keyword: 'MUST', level: 'core', outcome: 'skip', checks: ['package-format/helm-chart-reference'],
      summary: 'Each Helm deployment profile references a chart by repository and revision.',
      specRef: 'Application Description §deploymentProfiles',
    }),
    requirement({
      id: 'PKG-020', keyword: 'MUST', level: 'core', outcome: 'indeterminate', checks: ['package-format/component-images'],
      summary: 'Compose components reference images that can be pulled.',
      specRef: 'Application Package §2.5',
    }),
    requirement({
      id: 'PKG-041', keyword: 'SHOULD', level: 'extended', outcome: 'fail', checks: ['package-format/catalog-icon'],
      summary: 'The catalog metadata provides an application icon.',
      specRef: 'Application Description §metadata.catalog.application',
      errata: ['The preview-1 schema types icon as an object; the prose and rc.3 use a string path.'],
    }),
    requirement({
      id: 'PKG-050', keyword: 'MAY', level: 'extended', outcome: 'not-covered', checks: [],
      summary: 'The package may ship release notes.',
      specRef: 'Application Package §2.7',
      coverageNote: 'Not testable: the spec defines no file name or format for release notes.',
    }),
  ];
  return {
    ...BASE_RUN,
    run: run('margo-conformance package oci://registry.example.test/northstar/digitron:1.2.0 --edition 1.0.0-rc.3', 13091),
    config: { edition: '1.0.0-rc.3', profile: 'application-package', registryAuth: '[redacted]', timeoutMs: 10000 },
    subject: {
      kind: 'package',
      location: 'oci://registry.example.test/northstar/digitron:1.2.0',
      format: 'oci-layout',
      name: 'digitron',
      version: '1.2.0',
      digest: 'sha256:5c3e8b0f7d4a2e91c6b1a8f0e3d2c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0',
    },
    verdict: 'non-conformant',
    verdictReason: '2 core requirements failed (AR-002, PKG-008); 1 error and 1 indeterminate also need attention.',
    summary: summarize(results, requirements),
    results,
    requirements,
    errors: [],
  };
}

/** A clean package directory: everything passes, one skip, one requirement not covered. */
export function createConformantResults(): RunResults {
  const results: CheckResult[] = [
    {
      check: 'package-format/description-schema',
      checkTitle: 'Application description validates against the edition schema',
      requirement: 'PKG-001',
      outcome: 'pass',
      message: 'Application description validates against the edition schema: no deviation found.',
      findings: [],
      durationMs: 9,
    },
    {
      check: 'package-format/catalog-organization',
      checkTitle: 'Catalog names at least one organization',
      requirement: 'PKG-008',
      outcome: 'pass',
      message: 'Catalog names at least one organization: no deviation found.',
      findings: [],
      durationMs: 1,
    },
    {
      check: 'package-format/helm-chart-reference',
      checkTitle: 'Helm deployment profiles reference a chart',
      requirement: 'PKG-012',
      outcome: 'skip',
      message: 'The description has no Helm deployment profile, so there is no chart reference to check.',
      findings: [],
      durationMs: 0,
    },
  ];
  const requirements: RequirementResult[] = [
    requirement({
      id: 'PKG-001', keyword: 'MUST', level: 'core', outcome: 'pass', checks: ['package-format/description-schema'],
      summary: 'The application description validates against the edition schema.',
      specRef: 'Application Package §2.1',
    }),
    requirement({
      id: 'PKG-008', keyword: 'MUST', level: 'core', outcome: 'pass', checks: ['package-format/catalog-organization'],
      summary: 'The catalog metadata names at least one organization, each with a name.',
      specRef: 'Application Description §metadata.catalog.organization',
    }),
    requirement({
      id: 'PKG-012', keyword: 'MUST', level: 'core', outcome: 'skip', checks: ['package-format/helm-chart-reference'],
      summary: 'Each Helm deployment profile references a chart by repository and revision.',
      specRef: 'Application Description §deploymentProfiles',
    }),
    requirement({
      id: 'PKG-050', keyword: 'MAY', level: 'extended', outcome: 'not-covered', checks: [],
      summary: 'The package may ship release notes.',
      specRef: 'Application Package §2.7',
      coverageNote: 'Not testable: the spec defines no file name or format for release notes.',
    }),
  ];
  return {
    ...BASE_RUN,
    run: run('margo-conformance package ./fixtures/packages/digitron', 48),
    config: { edition: '1.0.0-rc.3', profile: 'application-package' },
    subject: { kind: 'package', location: './fixtures/packages/digitron', format: 'directory', name: 'digitron', version: '1.2.0' },
    verdict: 'conformant',
    verdictReason: 'All 2 decided core requirements passed.',
    summary: summarize(results, requirements),
    results,
    requirements,
    errors: [],
  };
}

/** A WFM run that could not start its target: a harness error, nothing decided. */
export function createErrorResults(): RunResults {
  const results: CheckResult[] = [
    {
      check: 'wfm/onboarding',
      checkTitle: 'WFM accepts device onboarding',
      requirement: 'DS-001',
      outcome: 'error',
      message: 'No container engine answered at /var/run/docker.sock. Start dockerd, or give a URL target instead of an image.',
      findings: [],
      durationMs: 2,
    },
  ];
  const requirements: RequirementResult[] = [
    requirement({
      id: 'DS-001', keyword: 'MUST', level: 'core', outcome: 'error', checks: ['wfm/onboarding'],
      summary: 'The WFM exposes the desired state of each onboarded device.',
      specRef: 'Desired State §2.1',
    }),
  ];
  return {
    ...BASE_RUN,
    profile: { id: 'wfm', title: 'Workload Fleet Manager', draft: true },
    run: run('margo-conformance wfm --image example/wfm:dev', 2150),
    config: { edition: '1.0.0-rc.3', profile: 'wfm', image: 'example/wfm:dev' },
    subject: { kind: 'wfm', location: 'example/wfm:dev', format: 'image' },
    verdict: 'error',
    verdictReason: 'The run could not start the WFM under test, so no requirement was decided.',
    summary: summarize(results, requirements),
    results,
    requirements,
    errors: [
      {
        message: 'No container engine answered at /var/run/docker.sock. Start dockerd, or give a URL target instead of an image.',
        detail: 'Error: connect ENOENT /var/run/docker.sock\n    at PipeConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)',
      },
    ],
  };
}
