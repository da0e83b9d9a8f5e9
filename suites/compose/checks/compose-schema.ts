import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { fromPackageRoot } from '../../../core/package-root.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { ComposeContext } from '../compose-context.js';
import type { ComposeProject } from '../model/compose-project.js';

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(fromPackageRoot('suites', 'compose', 'schema', 'compose-subset.schema.json'), 'utf8')) as object);
  return validator;
}

/** CMP-005: the Compose file parses, and its interpolated document fits our Compose Specification schema. */
export const composeSchema = defineCheck<ComposeContext>({
  id: 'compose/compose-schema',
  title: 'Compose file conforms to the Compose Specification',
  requirements: ['CMP-005'],
  run: (context) => {
    if (context.projects.length === 0) return [{ requirement: 'CMP-005', outcome: 'skip', message: 'No Compose file to validate (see CMP-004).' }];
    return context.projects.flatMap(projectFindings);
  },
});

function projectFindings(project: ComposeProject): Finding[] {
  const fix = 'Correct it so that `docker compose config` accepts the file.';
  const findings: Finding[] = project.problems.map((problem) => ({
    requirement: 'CMP-005',
    outcome: 'fail',
    message: `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message} (CMP-005). ${fix}`,
    location: { kind: 'file', file: problem.file, ...(problem.pointer ? { pointer: problem.pointer } : {}), ...(problem.line ? { line: problem.line } : {}) },
  }));
  if (project.document === undefined) return findings;
  const check = validate();
  if (check(project.document)) return findings;
  for (const error of check.errors ?? []) {
    if (error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const pointer = error.keyword === 'additionalProperties' ? `${error.instancePath}/${String(error.params.additionalProperty)}` : error.instancePath;
    const at = project.parsed.locate(pointer);
    const what = error.keyword === 'additionalProperties' ? `has the unknown key ${String(error.params.additionalProperty)}` : error.message ?? 'is invalid';
    findings.push({
      requirement: 'CMP-005',
      outcome: project.unresolved.has(error.instancePath) ? 'indeterminate' : 'fail',
      message: `${project.file}: ${dotted(error.instancePath || '/')} ${what} (CMP-005). ${fix}`,
      location: { kind: 'file', file: project.file, pointer, ...(at ? { line: at.line, column: at.column } : {}) },
    });
  }
  return dedupe(findings);
}

function dotted(pointer: string): string {
  return pointer === '/' ? 'the document' : pointer.slice(1).split('/').join('.');
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.message) && seen.add(f.message));
}
