import { describe, expect, it } from 'vitest';
import type { RunResults } from '../core/results/model.js';
import { renderJunit } from './junit-renderer.js';
import { junitSchemaErrors } from './test-support/junit-schema.js';
import { createConformantResults, createErrorResults, createNonConformantResults } from './test-support/sample-results.js';

function withHostileText(): RunResults {
  const results = createNonConformantResults();
  const target = results.results.find((r) => r.outcome === 'fail')!;
  target.message = 'bad \u0001 control, <tag> & "quotes" ]]> end';
  target.findings = [{ requirement: target.requirement, outcome: 'fail', message: 'a]]>b]]><x/>c\u0000' }];
  return results;
}

/** Several packages in one run, the shape `package --recursive` writes: a subject per package. */
function multiPackage(): RunResults {
  const first = createNonConformantResults();
  const second = createConformantResults();
  return { ...first, subject: { kind: 'package', location: 'fixtures/packages', format: 'packages', name: '3 packages' }, packages: [first, second, createErrorResults()] };
}

describe('junit.xml against the Jenkins JUnit schema (fixtures/junit/jenkins-junit.xsd)', () => {
  it.each([
    ['a non-conformant package run', createNonConformantResults],
    ['a conformant package run', createConformantResults],
    ['a WFM-like run with a harness error', createErrorResults],
    ['a run whose messages hold markup, control characters and "]]>"', withHostileText],
    ['a run over several packages', multiPackage],
  ])('validates %s', async (_what, results) => {
    expect(await junitSchemaErrors(renderJunit(results()))).toEqual([]);
  });

  it('rejects what the schema forbids (the test can fail): a testcase with properties', async () => {
    const xml = '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c"><properties/></testcase></testsuite></testsuites>';
    expect((await junitSchemaErrors(xml)).length).toBeGreaterThan(0);
  });
});
