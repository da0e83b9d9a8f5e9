import { describe, expect, it } from 'vitest';
import type { RunResults } from '../core/results/model.js';
import { renderHtml } from './html-renderer.js';
import { createConformantResults, createErrorResults, createNonConformantResults } from './test-support/sample-results.js';

/** Element text between an opening tag with this id and the end of its section. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  if (start < 0) throw new Error(`no section #${id}`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('renderHtml', () => {
  it('lets no raw <script> from the model through: the only script element is our own', () => {
    const html = renderHtml(createNonConformantResults());
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain('&quot;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co&quot;');
  });

  it('escapes quotes in attribute values taken from the model', () => {
    const results = createNonConformantResults();
    results.requirements[0]!.area = 'AR" onmouseover="alert(1)';
    const html = renderHtml(results);
    expect(html).not.toContain('onmouseover="alert(1)"');
    expect(html).toContain('data-area="AR&quot; onmouseover=&quot;alert(1)"');
  });

  it('forbids every fetch and every script but its own in its Content-Security-Policy', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(renderHtml(createNonConformantResults()))?.[1];
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'$/);
  });

  it('references no external resource', () => {
    const html = renderHtml(createNonConformantResults());
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(/i);
  });

  const sectionIds = ['verdict', 'summary', 'failures', 'warnings', 'inconclusive', 'requirements', 'not-covered', 'readings', 'run', 'reproduce'];
  it('renders its sections in order: verdict, counts, failures, warnings, inconclusive, requirements, not covered, readings, run, reproduce', () => {
    const html = renderHtml(createNonConformantResults());
    const positions = sectionIds.map((id) => html.indexOf(`id="${id}"`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  const banners: { name: string; verdict: RunResults['verdict']; create: () => RunResults; title: string }[] = [
    { name: 'a conformant', verdict: 'conformant', create: createConformantResults, title: 'Conformant' },
    { name: 'a non-conformant', verdict: 'non-conformant', create: createNonConformantResults, title: 'Non-conformant' },
    { name: 'an error', verdict: 'error', create: createErrorResults, title: 'Error: no verdict' },
  ];
  for (const { name, verdict, create, title } of banners) {
    it(`shows ${name} banner with the verdict reason`, () => {
      const results = create();
      const banner = section(renderHtml(results), 'verdict');
      expect([banner.includes(`class="verdict verdict-${verdict}"`), banner.includes(`>${title}<`), banner.includes(results.verdictReason)]).toEqual([true, true, true]);
    });
  }

  it('shows the subject, profile, edition, tool, timing, Node version and the reproduce command', () => {
    const html = renderHtml(createNonConformantResults());
    for (const text of [
      'oci://registry.example.test/northstar/digitron:1.2.0',
      'oci-layout',
      'sha256:5c3e8b0f7d4a2e91c6b1a8f0e3d2c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0',
      'Application package',
      'Margo 1.0.0-rc.3 (mutual TLS with SPIFFE X.509-SVIDs)',
      'margo-conformance 0.1.0',
      '3f9c2e1a7b',
      '2026-03-02T09:14:05.120Z',
      '13.1 s',
      'v20.20.2',
      '<code id="reproduce-command">margo-conformance package oci://registry.example.test/northstar/digitron:1.2.0 --edition 1.0.0-rc.3</code>',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('names the features a device claimed, and says none when it claimed none', () => {
    const device = (config: Record<string, unknown>): RunResults => {
      const results = createConformantResults();
      return { ...results, subject: { kind: 'device', location: 'acme-agent' }, config };
    };
    expect(section(renderHtml(device({ features: ['gateway', 'trust-bundle-api'] })), 'run')).toContain('<dt>Features claimed</dt><dd><code>gateway</code>, <code>trust-bundle-api</code></dd>');
    expect(section(renderHtml(device({})), 'run')).toContain('<dt>Features claimed</dt><dd>none (their requirements are not applicable)</dd>');
    expect(section(renderHtml(createConformantResults()), 'run')).not.toContain('Features claimed');
  });

  it('counts requirements by outcome, with extended failures as warnings', () => {
    const counts = Object.fromEntries(
      [...section(renderHtml(createNonConformantResults()), 'summary').matchAll(/data-count="([a-z-]+)"><span class="stat-value">(\d+)</g)].map((m) => [m[1], Number(m[2])]),
    );
    expect(counts).toEqual({ fail: 2, error: 1, warning: 1, indeterminate: 1, waived: 0, pass: 2, skip: 1, 'not-covered': 2 });
  });

  it('tags every requirement row with its outcome, level and area for the filters', () => {
    const rows = [...section(renderHtml(createNonConformantResults()), 'requirements').matchAll(/<tr data-outcome="([a-z-]+)" data-level="([a-z]+)" data-area="([A-Z]+)"><td class="req-id">(?:<a [^>]*>)?([A-Z]+-\d+)/g)].map(
      (m) => `${m[4]} ${m[1]} ${m[2]} ${m[3]}`,
    );
    expect(rows).toEqual([
      'AR-002 fail core AR',
      'AR-007 error core AR',
      'DS-003 not-covered core DS',
      'PKG-001 pass core PKG',
      'PKG-003 pass core PKG',
      'PKG-008 fail core PKG',
      'PKG-012 skip core PKG',
      'PKG-020 indeterminate core PKG',
      'PKG-041 warning extended PKG',
      'PKG-050 not-covered extended PKG',
    ]);
  });

  it('ships the filter form hidden, so the page reads fully without JavaScript', () => {
    expect(renderHtml(createNonConformantResults())).toMatch(/<form class="filters" id="filters"[^>]* hidden>/);
  });

  const cardSections: { id: string; cards: string[] }[] = [
    { id: 'failures', cards: ['AR-002', 'AR-007', 'PKG-008'] },
    { id: 'warnings', cards: ['PKG-041'] },
    { id: 'inconclusive', cards: ['PKG-020'] },
  ];
  for (const { id, cards } of cardSections) {
    it(`puts ${cards.join(', ')} in the ${id} section`, () => {
      expect([...section(renderHtml(createNonConformantResults()), id).matchAll(/<article [^>]*id="req-([A-Z]+-\d+)"/g)].map((m) => m[1])).toEqual(cards);
    });
  }

  it('shows a failure with its file, line, JSON pointer, evidence, spec reference and note', () => {
    const card = /<article class="issue issue-fail" id="req-PKG-008">[\s\S]*?<\/article>/.exec(renderHtml(createNonConformantResults()))?.[0] ?? '';
    for (const text of [
      '<dt>File</dt><dd><code>margo.yaml</code></dd>',
      '<dt>Line</dt><dd>14, column 13</dd>',
      '<dt>JSON pointer</dt><dd><code>/metadata/catalog/organization/0/name</code></dd>',
      '<dt>actual</dt><dd><code>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</code></dd>',
      'Application Description §metadata.catalog.organization',
      'An organization name containing markup is rejected: catalog UIs render it as text.',
    ]) {
      expect(card).toContain(text);
    }
  });

  it('shows an HTTP finding as a request and response block', () => {
    const card = /<article class="issue issue-fail" id="req-AR-002">[\s\S]*?<\/article>/.exec(renderHtml(createNonConformantResults()))?.[0] ?? '';
    expect(card).toContain('<pre>GET https://registry.example.test/v2/northstar/digitron/manifests/1.2.0\naccept: application/vnd.oci.image.manifest.v1+json\nauthorization: [redacted]</pre>');
    expect(card).toMatch(/<pre>HTTP 200\ncontent-type: application\/json\n[\s\S]*… \(truncated\)<\/pre>/);
  });

  it('lists not-covered requirements with their coverage note', () => {
    const notCovered = section(renderHtml(createNonConformantResults()), 'not-covered');
    expect([...notCovered.matchAll(/<td class="req-id">([^<]+)<\/td>/g)].map((m) => m[1])).toEqual(['DS-003', 'PKG-050']);
    expect(notCovered).toContain('Not testable: the spec defines no file name or format for release notes.');
  });

  it('lists every requirement with a note or errata under ambiguities and readings', () => {
    const readings = section(renderHtml(createNonConformantResults()), 'readings');
    expect([...readings.matchAll(/<span class="req-id">([^<]+)<\/span>/g)].map((m) => m[1])).toEqual(['PKG-003', 'PKG-008', 'PKG-041']);
  });

  it('shows run errors with their detail', () => {
    const errors = section(renderHtml(createErrorResults()), 'run-errors');
    expect(errors).toContain('<pre>Error: connect ENOENT /var/run/docker.sock');
  });

  it('says so when nothing failed', () => {
    const html = renderHtml(createConformantResults());
    expect([section(html, 'failures').includes('No requirement failed and no check errored.'), html.includes('id="inconclusive"')]).toEqual([true, false]);
  });

  it('renders the same bytes for the same input', () => {
    expect(renderHtml(createNonConformantResults())).toBe(renderHtml(createNonConformantResults()));
  });
});

describe('renderHtml with waivers', () => {
  it('lists waived requirements in their own section with the reason', () => {
    const results = createConformantResults();
    const row = results.requirements.find((r) => r.outcome === 'pass')!;
    row.outcome = 'waived';
    const check = results.results.find((r) => r.requirement === row.id)!;
    check.outcome = 'waived';
    check.findings = [{ requirement: row.id, outcome: 'waived', message: 'waived until 2026-12-31: Lab device.' }];
    const html = renderHtml(results);
    const section = /<section[^>]*id="waived"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect([section.includes(row.id), section.includes('waived until 2026-12-31: Lab device.')]).toEqual([true, true]);
  });
});

/** A non-conformant run whose AR-002 failure and PKG-001 pass cite records of the run's traffic log. */
function withTraffic(): RunResults {
  const results = createNonConformantResults();
  const longBody = `{"items":[${'"x",'.repeat(400)}"y"]}`;
  results.traffic = [
    {
      kind: 'http', id: 't-000001', check: 'registry/manifest-media-type', at: 410,
      request: { method: 'HEAD', url: 'https://registry.example.test/v2/northstar/digitron/manifests/1.2.0', headers: { accept: 'application/vnd.oci.image.manifest.v1+json', 'user-agent': 'margo-conformance' } },
      response: { status: 200, headers: { 'content-type': 'application/json', etag: '"sha256:9b1d"', date: 'Mon, 02 Mar 2026 09:14:05 GMT', server: 'registry' }, body: longBody },
    },
    { kind: 'tls', id: 't-000002', role: 'client', host: 'registry.example.test', port: 443, result: 'completed', protocol: 'TLSv1.3', peer: { uris: [], dnsNames: ['registry.example.test'] } },
    {
      kind: 'http', id: 't-000003', check: 'package-format/description-schema',
      request: { method: 'GET', url: 'https://registry.example.test/v2/northstar/digitron/blobs/sha256:aa', headers: {} },
      response: { status: 200, headers: { 'content-type': 'application/yaml' }, body: 'apiVersion: margo.org/v1-alpha1' },
    },
  ];
  const finding = results.results.find((r) => r.requirement === 'AR-002')!.findings[0]!;
  finding.observed = [{ kind: 'traffic', id: 't-000001' }, { kind: 'traffic', id: 't-000002' }, { kind: 'traffic', id: 't-000099' }];
  const pass = results.results.find((r) => r.requirement === 'PKG-001')!;
  pass.observed = [{ kind: 'traffic', id: 't-000003' }];
  return results;
}

describe('renderHtml evidence', () => {
  const card = (html: string, id: string) => new RegExp(`<article class="issue [^"]*" id="req-${id}">[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
  const row = (html: string, id: string) => new RegExp(`<tr [^>]*><td class="req-id">(?:<a [^>]*>)?${id}[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

  it.each([
    { what: 'the cited exchange with its id and check', text: '<p class="evidence-label">t-000001 · at 410 ms · registry/manifest-media-type</p>' },
    { what: 'the request line and key request headers only', text: '<pre>HEAD https://registry.example.test/v2/northstar/digitron/manifests/1.2.0\naccept: application/vnd.oci.image.manifest.v1+json\n(1 more header in the traffic log)</pre>' },
    { what: 'the status and key response headers', text: '<pre>HTTP 200\ncontent-type: application/json\netag: &quot;sha256:9b1d&quot;\n(2 more headers in the traffic log)\n\n{&quot;items&quot;:[' },
    { what: 'the body cut at 1200 characters', text: `\n… (${`{"items":[${'"x",'.repeat(400)}"y"]}`.length - 1200} more characters in the traffic log)</pre>` },
    { what: 'a TLS handshake as one line', text: '<pre>TLS to registry.example.test:443: completed (TLSv1.3); peer registry.example.test</pre>' },
    { what: 'a reference the traffic log does not hold', text: '<p class="evidence-missing"><code>t-000099</code>: not in the traffic log of this report</p>' },
  ])('shows in a failure card $what', ({ text }) => {
    expect(card(renderHtml(withTraffic()), 'AR-002')).toContain(text);
  });

  it('shows a passing requirement’s evidence in a closed <details> in its table row', () => {
    const passRow = row(renderHtml(withTraffic()), 'PKG-001');
    expect([
      passRow.includes('<td class="evidence-cell"><details><summary>1 observation</summary>'),
      passRow.includes('<pre>GET https://registry.example.test/v2/northstar/digitron/blobs/sha256:aa</pre>'),
      passRow.includes('<details open'),
    ]).toEqual([true, true, false]);
  });

  it('links a row with a card to it instead of repeating its evidence', () => {
    expect(row(renderHtml(withTraffic()), 'AR-002')).toContain('<td class="evidence-cell"><a href="#req-AR-002">above</a></td>');
  });

  it('shows why a skipped requirement was not decided, on demand', () => {
    expect(row(renderHtml(withTraffic()), 'PKG-012')).toContain('<details><summary>1 check</summary>');
  });

  it('puts the product and the completeness above the failures, and the run details after the table', () => {
    const results = withTraffic();
    results.product = { vendor: 'Northstar', product: 'Digitron', version: '1.2.0', profile: 'application-package', edition: '1.0.0-rc.3', features: [], contact: 'lab@northstar.test' };
    results.completeness = { decided: 5, undecided: ['AR-007', 'PKG-012'], complete: false };
    const html = renderHtml(results);
    const at = (text: string) => html.indexOf(text);
    expect([at('id="product"') < at('id="verdict"'), at('id="verdict"') < at('id="failures"'), at('id="requirements"') < at('id="run"')]).toEqual([true, true, true]);
    expect(section(html, 'verdict')).toContain('<strong>Completeness:</strong> partial (5 of 7 core requirements decided); not decided: <code>AR-007</code>, <code>PKG-012</code></p>');
  });

  it('starts the requirement table on a new printed page, after the failures', () => {
    expect(renderHtml(withTraffic())).toContain('#requirements { break-before: page; page-break-before: always; }');
  });
});
