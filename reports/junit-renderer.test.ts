import { describe, expect, it } from 'vitest';
import type { RunResults } from '../core/results/model.js';
import { renderJunit } from './junit-renderer.js';
import { createConformantResults, createErrorResults, createNonConformantResults } from './test-support/sample-results.js';

interface ParsedCase {
  name: string;
  classname: string;
  /** The first child element after `<properties>`: failure, error, skipped, system-out, or none. */
  verdictTag: string | undefined;
  properties: Record<string, string>;
  xml: string;
}

/** A deliberately small extraction: enough structure to assert on without an XML parser dependency. */
function parseJunit(xml: string): { suites: { name: string; cases: ParsedCase[]; xml: string }[] } {
  const suites = [...xml.matchAll(/<testsuite name="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)].map(([suiteXml, name, body]) => ({
    name: name!,
    xml: suiteXml,
    cases: [...body!.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g)].map(([caseXml, classname, caseName, caseBody]) => ({
      name: caseName!,
      classname: classname!,
      verdictTag: /<([a-z-]+)/.exec(caseBody!.replace(/<properties>[\s\S]*?<\/properties>/, ''))?.[1],
      properties: Object.fromEntries([...caseBody!.matchAll(/<property name="([^"]*)" value="([^"]*)"\/>/g)].map((m) => [m[1], m[2]])),
      xml: caseXml,
    })),
  }));
  return { suites };
}

function caseFor(results: RunResults, requirement: string, check?: string): ParsedCase {
  const found = parseJunit(renderJunit(results))
    .suites.flatMap((suite) => suite.cases)
    .find((c) => c.properties.requirement === requirement && (check === undefined || c.classname === check));
  if (!found) throw new Error(`no testcase for ${requirement}`);
  return found;
}

describe('renderJunit', () => {
  it('writes one testsuite per requirement area, named margo.<area>', () => {
    const { suites } = parseJunit(renderJunit(createNonConformantResults()));
    expect(suites.map((s) => s.name)).toEqual(['margo.AR', 'margo.PKG']);
  });

  it('writes one testcase per check result', () => {
    const results = createNonConformantResults();
    const { suites } = parseJunit(renderJunit(results));
    expect(suites.flatMap((s) => s.cases).map((c) => `${c.properties.requirement} ${c.classname}`)).toEqual(
      results.results.map((r) => `${r.requirement} ${r.check}`),
    );
  });

  const outcomeCases: { title: string; requirement: string; check?: string; tag: string | undefined }[] = [
    { title: 'renders a core failure as <failure>', requirement: 'PKG-008', check: 'package-format/catalog-organization', tag: 'failure' },
    { title: 'renders an extended failure as a passing testcase with a warning in <system-out>', requirement: 'PKG-041', tag: 'system-out' },
    { title: 'renders an error as <error>', requirement: 'AR-007', tag: 'error' },
    { title: 'renders a skip as <skipped>', requirement: 'PKG-012', tag: 'skipped' },
    { title: 'renders an indeterminate result as <skipped>', requirement: 'PKG-020', tag: 'skipped' },
    { title: 'renders a pass with no verdict element', requirement: 'PKG-001', tag: undefined },
  ];
  for (const { title, requirement, check, tag } of outcomeCases) {
    it(title, () => expect(caseFor(createNonConformantResults(), requirement, check).verdictTag).toBe(tag));
  }

  it('counts only core failures in the failures attribute, so warnings keep CI green', () => {
    const xml = renderJunit(createNonConformantResults());
    expect(/<testsuites [^>]*failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(xml)?.slice(1)).toEqual(['2', '1', '2']);
  });

  it('starts the warning text with WARNING and the keyword', () => {
    expect(caseFor(createNonConformantResults(), 'PKG-041').xml).toContain('<system-out><![CDATA[WARNING (SHOULD): margo.yaml: metadata.catalog.application.icon is missing');
  });

  it('puts the check message in the failure message and every finding with its location in the body', () => {
    const xml = caseFor(createNonConformantResults(), 'PKG-008', 'package-format/catalog-organization').xml;
    expect(xml).toContain('<failure message="margo.yaml: metadata.catalog.organization[0].name is &quot;&lt;script>alert(1)&lt;/script> &amp; Co&quot;');
    const body = /type="fail"><!\[CDATA\[([\s\S]*?)\]\]><\/failure>/.exec(xml)?.[1]?.split('\n');
    expect(body?.map((line) => line.slice(0, line.indexOf(': ')))).toEqual(['margo.yaml:14:13 /metadata/catalog/organization/0/name', 'margo.yaml:16 /metadata/catalog/organization/1']);
  });

  it('locates an HTTP finding by method, URL and status', () => {
    expect(caseFor(createNonConformantResults(), 'AR-002').xml).toContain('<![CDATA[GET https://registry.example.test/v2/northstar/digitron/manifests/1.2.0 -> 200: ');
  });

  it('gives the skip reason as the skipped message', () => {
    expect(caseFor(createNonConformantResults(), 'PKG-012').xml).toContain('<skipped message="The description has no Helm deployment profile, so there is no chart reference to check."/>');
  });

  it('starts the skipped message of an indeterminate result with "indeterminate:"', () => {
    expect(caseFor(createNonConformantResults(), 'PKG-020').xml).toMatch(/<skipped message="indeterminate: ghcr\.io\/northstar/);
  });

  it('names each testcase "<requirement> <summary>" with the check id as classname', () => {
    const testCase = caseFor(createNonConformantResults(), 'PKG-041');
    expect([testCase.name, testCase.classname]).toEqual(['PKG-041 The catalog metadata provides an application icon.', 'package-format/catalog-icon']);
  });

  it('gives every testcase its requirement, keyword, level, edition, check and outcome as properties', () => {
    expect(caseFor(createNonConformantResults(), 'PKG-041').properties).toEqual({
      requirement: 'PKG-041',
      keyword: 'SHOULD',
      level: 'extended',
      edition: '1.0.0-rc.3',
      check: 'package-format/catalog-icon',
      outcome: 'fail',
    });
  });

  it('gives every testsuite the area title, edition, profile, verdict and subject as properties', () => {
    const suite = parseJunit(renderJunit(createNonConformantResults())).suites[0]!;
    const properties = /<testsuite [^>]*>\s*<properties>([\s\S]*?)<\/properties>/.exec(suite.xml)?.[1];
    expect([...(properties ?? '').matchAll(/name="([^"]*)" value="([^"]*)"/g)].map((m) => `${m[1]}=${m[2]}`)).toEqual([
      'area=Application registry',
      'edition=1.0.0-rc.3',
      'profile=application-package',
      'verdict=non-conformant',
      'subject=oci://registry.example.test/northstar/digitron:1.2.0',
    ]);
  });

  it('uses the run start as the only timestamp and durations in seconds', () => {
    const xml = renderJunit(createNonConformantResults());
    expect(new Set([...xml.matchAll(/timestamp="([^"]*)"/g)].map((m) => m[1]))).toEqual(new Set(['2026-03-02T09:14:05.120Z']));
    expect(caseFor(createNonConformantResults(), 'AR-007').xml).toContain('time="10.004"');
  });

  it('adds a margo.harness suite with an <error> per run error', () => {
    const { suites } = parseJunit(renderJunit(createErrorResults()));
    expect(suites.map((s) => [s.name, s.cases.map((c) => c.verdictTag)])).toEqual([
      ['margo.DS', ['error']],
      ['margo.harness', ['error']],
    ]);
  });

  it('reports a conformant run with no failures or errors', () => {
    expect(renderJunit(createConformantResults())).toMatch(/<testsuites [^>]*tests="3" failures="0" errors="0" skipped="1"/);
  });

  it('keeps CDATA well-formed when a message contains "]]>" more than once', () => {
    const results = createNonConformantResults();
    const hostile = 'a]]>b]]><x/>c]]>';
    const target = results.results.find((r) => r.requirement === 'PKG-008' && r.outcome === 'fail')!;
    target.findings = [{ requirement: 'PKG-008', outcome: 'fail', message: hostile }];
    const xml = caseFor(results, 'PKG-008', 'package-format/catalog-organization').xml;
    const body = /type="fail">((?:<!\[CDATA\[[\s\S]*?\]\]>)+)<\/failure>/.exec(xml)?.[1];
    const text = [...(body ?? '').matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]).join('');
    expect(text).toBe(hostile);
  });

  it('renders the same bytes for the same input', () => {
    expect(renderJunit(createNonConformantResults())).toBe(renderJunit(createNonConformantResults()));
  });
});

describe('renderJunit with waivers', () => {
  it('renders a waived check as a passing test case whose output gives the waiver', () => {
    const results = createConformantResults();
    const first = results.results[0]!;
    results.results[0] = { ...first, outcome: 'waived', message: 'waived until 2026-12-31: Reads the RS-485 adapter.' };
    const xml = renderJunit(results);
    const testCase = new RegExp(`<testcase [^>]*classname="${first.check}"[^>]*>([\\s\\S]*?)</testcase>`).exec(xml)?.[1] ?? '';
    expect([testCase.includes('<failure'), testCase.includes('<skipped'), testCase.includes('WAIVED: waived until 2026-12-31: Reads the RS-485 adapter.')]).toEqual([false, false, true]);
  });
});
