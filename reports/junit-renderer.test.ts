import { describe, expect, it } from 'vitest';
import type { RunResults } from '../core/results/model.js';
import { renderJunit } from './junit-renderer.js';
import { parseXml, type XmlElement } from './test-support/parse-xml.js';
import { createConformantResults, createErrorResults, createNonConformantResults } from './test-support/sample-results.js';

interface ParsedCase {
  name: string;
  classname: string;
  /** The first child element: failure, error, skipped, system-out, or none. */
  verdictTag: string | undefined;
  /** The properties of the requirement suite around the case. */
  properties: Record<string, string>;
  xml: string;
}

interface ParsedSuite {
  name: string;
  properties: Record<string, string>;
  cases: ParsedCase[];
  suites: ParsedSuite[];
}

const propertiesOf = (element: XmlElement) =>
  Object.fromEntries((element.children.find((c) => c.name === 'properties')?.children ?? []).map((p) => [p.attributes.name!, p.attributes.value!]));

/** The document as suites of areas (or packages) holding requirement suites holding cases; each case keeps its XML text. */
function parseJunit(xml: string): { suites: ParsedSuite[] } {
  const caseXml = [...xml.matchAll(/<testcase (?:[^>"]|"[^"]*")*?(?:\/>|>[\s\S]*?<\/testcase>)/g)].map((m) => m[0]);
  let next = 0;
  const suite = (element: XmlElement): ParsedSuite => ({
    name: element.attributes.name!,
    properties: propertiesOf(element),
    cases: element.children
      .filter((c) => c.name === 'testcase')
      .map((c) => ({
        name: c.attributes.name!,
        classname: c.attributes.classname!,
        verdictTag: c.children[0]?.name,
        properties: propertiesOf(element),
        xml: caseXml[next++]!,
      })),
    suites: element.children.filter((c) => c.name === 'testsuite').map(suite),
  });
  // Cases are numbered in document order: a suite's own cases come before those of its nested suites.
  return { suites: parseXml(xml).children.filter((c) => c.name === 'testsuite').map(suite) };
}

const allCases = (suites: ParsedSuite[]): ParsedCase[] => suites.flatMap((s) => [...s.cases, ...allCases(s.suites)]);

function caseFor(results: RunResults, requirement: string, check?: string): ParsedCase {
  const found = allCases(parseJunit(renderJunit(results)).suites).find((c) => c.properties.requirement === requirement && (check === undefined || c.classname === check));
  if (!found) throw new Error(`no testcase for ${requirement}`);
  return found;
}

describe('renderJunit', () => {
  it('writes one testsuite per requirement area, named margo.<area>, holding one testsuite per requirement', () => {
    const results = createNonConformantResults();
    const { suites } = parseJunit(renderJunit(results));
    const ids = (area: string) => [...new Set(results.results.map((r) => r.requirement).filter((id) => id.startsWith(`${area}-`)))];
    expect(suites.map((s) => [s.name, s.cases.length, s.suites.map((r) => r.name)])).toEqual([
      ['margo.AR', 0, ids('AR')],
      ['margo.PKG', 0, ids('PKG')],
    ]);
    expect(ids('AR').length + ids('PKG').length).toBeGreaterThan(4);
  });

  it('writes one testcase per check result', () => {
    const results = createNonConformantResults();
    const { suites } = parseJunit(renderJunit(results));
    expect(allCases(suites).map((c) => `${c.properties.requirement} ${c.classname}`)).toEqual(
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
    expect(/<testsuites [^>]*failures="(\d+)" errors="(\d+)"/.exec(xml)?.slice(1)).toEqual(['2', '1']);
    expect(parseXml(xml).children.map((s) => s.attributes.skipped)).toEqual(['0', '2']);
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

  it("gives every requirement's testsuite its ID, keyword, level, edition, outcome and spec reference as properties", () => {
    const { specRef, ...properties } = caseFor(createNonConformantResults(), 'PKG-041').properties;
    expect(properties).toEqual({ requirement: 'PKG-041', keyword: 'SHOULD', level: 'extended', edition: '1.0.0-rc.3', outcome: 'fail' });
    expect(specRef).toBe(createNonConformantResults().requirements.find((r) => r.id === 'PKG-041')?.specRef);
  });

  it('gives every testsuite the area title, edition, profile, verdict and subject as properties', () => {
    const suite = parseJunit(renderJunit(createNonConformantResults())).suites[0]!;
    expect(Object.entries(suite.properties).map(([name, value]) => `${name}=${value}`)).toEqual([
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
    expect(suites.map((s) => [s.name, allCases([s]).map((c) => c.verdictTag)])).toEqual([
      ['margo.DS', ['error']],
      ['margo.harness', ['error']],
    ]);
  });

  it('reports a conformant run with no failures or errors', () => {
    const xml = renderJunit(createConformantResults());
    expect(xml).toMatch(/<testsuites [^>]*tests="3" failures="0" errors="0"/);
    expect(parseXml(xml).children.map((s) => s.attributes.skipped).reduce((n, k) => n + Number(k), 0)).toBe(1);
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

  // Characters XML forbids are dropped before escaping: dropping one never completes a "]]>" nor cuts an entity.
  it.each([
    { name: 'a control character inside "]]>"', text: 'a]]\u0001>b', kept: 'a]]>b' },
    { name: 'a lone low surrogate after a newline', text: 'x\n\uDC00y', kept: 'x\ny' },
    { name: 'a lone high surrogate, beside a valid pair', text: '\uD800\u{1F600}', kept: '\u{1F600}' },
  ])('keeps the XML well-formed and the legal text when a message holds $name', ({ text, kept }) => {
    const results = createNonConformantResults();
    const target = results.results.find((r) => r.requirement === 'PKG-008' && r.outcome === 'fail')!;
    target.message = text;
    target.findings = [{ requirement: 'PKG-008', outcome: 'fail', message: text }];
    const failure = parseXml(caseFor(results, 'PKG-008', 'package-format/catalog-organization').xml).children[0]!;
    expect({ message: failure.attributes.message, body: failure.text }).toEqual({ message: kept, body: kept });
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
