import junitReportBuilder from 'junit-report-builder';
import type { Builder, TestCase } from 'junit-report-builder';
import type { CheckResult, RequirementResult, RunResults } from '../core/results/model.js';
import { formatFinding } from './format-finding.js';
import { completenessLabel } from '../core/results/verdict.js';

/**
 * JUnit XML for CI: one `<testsuite>` per requirement area (`margo.PKG`), one `<testcase>` per check
 * result. Extended-level (SHOULD/MAY) failures are warnings and render as passing test cases with a
 * `WARNING` in `<system-out>`, so a CI job only goes red on core failures and errors. Harness errors
 * get their own `margo.harness` suite so that an `error` verdict can never look green.
 */
export function renderJunit(results: RunResults): string {
  const builder = newBuilder().name(`margo-conformance ${results.profile.id} ${results.subject.location}`);
  if (results.packages) {
    for (const pkg of results.packages) addPackageSuite(builder, pkg);
    return builder.build() + '\n';
  }
  const requirements = new Map(results.requirements.map((row) => [row.id, row]));

  for (const [area, checkResults] of groupByArea(results.results, requirements)) {
    const suite = builder
      .testSuite()
      .name(`margo.${area}`)
      .timestamp(results.run.startedAt)
      .time(seconds(checkResults.reduce((sum, result) => sum + result.durationMs, 0)))
      .property('area', requirements.get(checkResults[0]?.requirement ?? '')?.areaTitle ?? area)
      .property('edition', results.edition.id)
      .property('profile', results.profile.id)
      .property('verdict', results.verdict)
      .property('subject', results.subject.location);
    if (results.completeness) suite.property('completeness', completenessLabel(results.completeness));
    if (results.product) suite.property('product', `${results.product.vendor} ${results.product.product} ${results.product.version}`);
    for (const result of checkResults) {
      addTestCase(suite.testCase(), result, requirements.get(result.requirement), results.edition.id);
    }
  }

  if (results.errors.length > 0) {
    const suite = builder.testSuite().name('margo.harness').timestamp(results.run.startedAt).property('verdict', results.verdict);
    results.errors.forEach((error, index) => {
      suite.testCase().className('harness').name(`run error ${index + 1}`).error(error.message, 'error', cdataSafe(error.detail ?? error.message));
    });
  }
  return builder.build() + '\n';
}

/** A run over several packages: one `<testsuite>` per package, named after it, holding all its checks and run errors. */
function addPackageSuite(builder: Builder, pkg: RunResults): void {
  const requirements = new Map(pkg.requirements.map((row) => [row.id, row]));
  const suite = builder
    .testSuite()
    .name(`margo.package ${pkg.subject.location}`)
    .timestamp(pkg.run.startedAt)
    .time(seconds(pkg.run.durationMs))
    .property('subject', pkg.subject.location)
    .property('edition', pkg.edition.id)
    .property('profile', pkg.profile.id)
    .property('verdict', pkg.verdict);
  if (pkg.subject.name) suite.property('name', pkg.subject.name);
  for (const result of pkg.results) addTestCase(suite.testCase(), result, requirements.get(result.requirement), pkg.edition.id);
  pkg.errors.forEach((error, index) => {
    suite.testCase().className('harness').name(`run error ${index + 1}`).error(error.message, 'error', cdataSafe(error.detail ?? error.message));
  });
}

function addTestCase(testCase: TestCase, result: CheckResult, requirement: RequirementResult | undefined, edition: string): void {
  // A result whose requirement is missing from the model is treated as core: never hide a failure.
  const level = requirement?.level ?? 'core';
  const keyword = requirement?.keyword ?? 'MUST';
  testCase
    .className(result.check)
    .name(requirement ? `${result.requirement} ${requirement.summary}` : result.requirement)
    .time(seconds(result.durationMs))
    .property('requirement', result.requirement)
    .property('keyword', keyword)
    .property('level', level)
    .property('edition', edition)
    .property('check', result.check)
    .property('outcome', result.outcome);

  const body = cdataSafe(result.findings.map(formatFinding).join('\n'));
  switch (result.outcome) {
    case 'pass':
      return;
    case 'fail':
      if (level === 'extended') {
        testCase.standardOutput(cdataSafe([`WARNING (${keyword}): ${result.message}`, ...result.findings.map(formatFinding)].join('\n')));
      } else {
        testCase.failure(result.message, 'fail');
        if (body) testCase.stacktrace(body);
      }
      return;
    case 'error':
      testCase.error(result.message, 'error', body || undefined);
      return;
    case 'skip':
      skipWithMessage(testCase, result.message);
      return;
    case 'waived':
      testCase.standardOutput(cdataSafe([`WAIVED: ${result.message}`, ...result.findings.map(formatFinding)].join('\n')));
      return;
    case 'indeterminate':
      skipWithMessage(testCase, `indeterminate: ${result.message}`);
      if (body) testCase.standardOutput(body);
      return;
  }
}

/** Check results grouped by area, in the model's order (already sorted by requirement ID). */
function groupByArea(results: CheckResult[], requirements: Map<string, RequirementResult>): Map<string, CheckResult[]> {
  const groups = new Map<string, CheckResult[]>();
  for (const result of results) {
    const area = requirements.get(result.requirement)?.area ?? result.requirement.slice(0, result.requirement.lastIndexOf('-'));
    const group = groups.get(area) ?? [];
    group.push(result);
    groups.set(area, group);
  }
  return groups;
}

function seconds(durationMs: number): number {
  return Math.round(durationMs) / 1000;
}

/**
 * junit-report-builder 5.1.2 writes `<skipped/>` without a message, but CI systems show the `message`
 * attribute as the skip reason. Add it to this one test case's element right after the library builds it.
 */
function skipWithMessage(testCase: TestCase, message: string): void {
  testCase.skipped();
  const build = testCase.build.bind(testCase);
  testCase.build = (parent) => {
    const element = build(parent);
    const skipped = element.children.find((child) => (child as { name?: unknown }).name === 'skipped');
    (skipped as typeof element | undefined)?.att('message', message);
    return element;
  };
}

/**
 * xmlbuilder 15 splits only the first `]]>` inside CDATA (`String.replace` with a string), so a hostile
 * message with two of them could end the section early and inject markup. Split every later one here;
 * xmlbuilder then splits the first.
 */
function cdataSafe(text: string): string {
  const first = text.indexOf(']]>');
  if (first < 0) return text;
  return text.slice(0, first + 3) + text.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}

/**
 * The package is CommonJS (`module.exports = builder`) but declares `export default`, so under NodeNext
 * TypeScript types the default import as the module namespace. Accept both shapes; each call gets a
 * fresh builder, so no state is shared between renders.
 */
function newBuilder(): Builder {
  const imported = junitReportBuilder as unknown as Builder | { default: Builder };
  return ('newBuilder' in imported ? imported : imported.default).newBuilder();
}
