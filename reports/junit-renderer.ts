import type { CheckResult, RequirementResult, RunResults } from '../core/results/model.js';
import { worstOutcome } from '../core/results/outcome.js';
import { completenessLabel } from '../core/results/verdict.js';
import { formatFinding } from './format-finding.js';
import { junitXml, type JunitCase, type JunitSuite } from './junit-xml.js';

/**
 * JUnit XML for CI in the Jenkins dialect (fixtures/junit/jenkins-junit.xsd): one `<testsuite>` per requirement
 * area (`margo.PKG`) holding one nested `<testsuite>` per requirement (`PKG-008`, its ID, keyword, level, edition
 * and outcome as `<properties>`, where that format keeps data), one `<testcase>` per check result. Extended-level (SHOULD/MAY) failures are warnings and render as passing test cases with a
 * `WARNING` in `<system-out>`, so a CI job only goes red on core failures and errors. Harness errors
 * get their own `margo.harness` suite so that an `error` verdict can never look green.
 */
export function renderJunit(results: RunResults): string {
  // The suite is named after the product a certification run declares, not after the command that started it.
  const tested = results.product ? `${results.product.vendor} ${results.product.product} ${results.product.version}` : results.subject.location;
  const name = `margo-conformance ${results.profile.id} ${tested}`;
  if (results.packages) return junitXml(name, results.packages.map(packageSuite)) + '\n';
  const requirements = new Map(results.requirements.map((row) => [row.id, row]));
  const suites: JunitSuite[] = [];
  for (const [area, checkResults] of groupByArea(results.results, requirements)) {
    const properties: [string, string][] = [
      ['area', requirements.get(checkResults[0]?.requirement ?? '')?.areaTitle ?? area],
      ['edition', results.edition.id],
      ['profile', results.profile.id],
      ['verdict', results.verdict],
      ['subject', results.subject.location],
    ];
    if (results.completeness) properties.push(['completeness', completenessLabel(results.completeness)]);
    if (results.product) properties.push(['product', `${results.product.vendor} ${results.product.product} ${results.product.version}`]);
    suites.push({
      name: `margo.${area}`,
      timestamp: results.run.startedAt,
      time: seconds(checkResults.reduce((sum, result) => sum + result.durationMs, 0)),
      properties,
      cases: [],
      suites: requirementSuites(checkResults, requirements, results.edition.id),
    });
  }
  if (results.errors.length > 0) {
    suites.push({ name: 'margo.harness', timestamp: results.run.startedAt, properties: [['verdict', results.verdict]], cases: results.errors.map(runErrorCase) });
  }
  return junitXml(name, suites) + '\n';
}

/** A run over several packages: one `<testsuite>` per package, named after it, holding its requirements' suites and its run errors. */
function packageSuite(pkg: RunResults): JunitSuite {
  const requirements = new Map(pkg.requirements.map((row) => [row.id, row]));
  const properties: [string, string][] = [
    ['subject', pkg.subject.location],
    ['edition', pkg.edition.id],
    ['profile', pkg.profile.id],
    ['verdict', pkg.verdict],
  ];
  if (pkg.subject.name) properties.push(['name', pkg.subject.name]);
  return {
    name: `margo.package ${pkg.subject.location}`,
    timestamp: pkg.run.startedAt,
    time: seconds(pkg.run.durationMs),
    properties,
    cases: pkg.errors.map(runErrorCase),
    suites: requirementSuites(pkg.results, requirements, pkg.edition.id),
  };
}

/** One suite per requirement, in the results' order, its catalog facts as properties and its checks as cases. */
function requirementSuites(results: CheckResult[], requirements: Map<string, RequirementResult>, edition: string): JunitSuite[] {
  const byRequirement = new Map<string, CheckResult[]>();
  for (const result of results) byRequirement.set(result.requirement, [...(byRequirement.get(result.requirement) ?? []), result]);
  return [...byRequirement].map(([id, checks]) => {
    const requirement = requirements.get(id);
    // A result whose requirement is missing from the model is treated as core: never hide a failure.
    const properties: [string, string][] = [
      ['requirement', id],
      ['keyword', requirement?.keyword ?? 'MUST'],
      ['level', requirement?.level ?? 'core'],
      ['edition', edition],
      ['outcome', requirement?.outcome ?? worstOutcome(checks.map((c) => c.outcome))],
    ];
    if (requirement?.raisedBy) properties.push(['raisedBy', requirement.raisedBy]);
    if (requirement?.specRef) properties.push(['specRef', requirement.specRef]);
    return {
      name: id,
      time: seconds(checks.reduce((sum, result) => sum + result.durationMs, 0)),
      properties,
      cases: checks.map((result) => testCase(result, requirement)),
    };
  });
}

function runErrorCase(error: { message: string; detail?: string }, index: number): JunitCase {
  return { classname: 'harness', name: `run error ${index + 1}`, error: { message: error.message, type: 'error', content: error.detail ?? error.message } };
}

function testCase(result: CheckResult, requirement: RequirementResult | undefined): JunitCase {
  // A result whose requirement is missing from the model is treated as core: never hide a failure.
  const level = requirement?.level ?? 'core';
  const keyword = requirement?.keyword ?? 'MUST';
  const test: JunitCase = {
    classname: result.check,
    name: requirement ? `${result.requirement} ${requirement.summary}` : result.requirement,
    time: seconds(result.durationMs),
  };
  const body = result.findings.map(formatFinding).join('\n');
  switch (result.outcome) {
    case 'pass':
      return test;
    case 'fail':
      if (level === 'extended') return { ...test, systemOut: [`WARNING (${keyword}): ${result.message}`, ...result.findings.map(formatFinding)].join('\n') };
      return { ...test, failure: { message: result.message, type: 'fail', ...(body ? { stacktrace: body } : {}) } };
    case 'error':
      return { ...test, error: { message: result.message, type: 'error', ...(body ? { content: body } : {}) } };
    case 'skip':
      return { ...test, skipped: { message: result.message } };
    case 'waived':
      return { ...test, systemOut: [`WAIVED: ${result.message}`, ...result.findings.map(formatFinding)].join('\n') };
    case 'indeterminate':
      return { ...test, skipped: { message: `indeterminate: ${result.message}` }, ...(body ? { systemOut: body } : {}) };
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

