import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { EDITION_IDS, KEYWORDS } from '../core/catalog/types.js';
import { OUTCOMES } from '../core/results/outcome.js';
import { renderJson } from '../reports/json-renderer.js';
import { createConformantResults, createErrorResults, createNonConformantResults } from '../reports/test-support/sample-results.js';

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const schema = JSON.parse(readFileSync(new URL('../reports/results.schema.json', import.meta.url), 'utf8')) as Record<string, any>;

function createValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** What results.json holds: the model after a JSON round trip. */
function asWritten(results: unknown): unknown {
  return JSON.parse(renderJson(results as never));
}

describe('results.schema.json', () => {
  const samples = [
    { name: 'non-conformant', create: createNonConformantResults },
    { name: 'conformant', create: createConformantResults },
    { name: 'error', create: createErrorResults },
  ];
  for (const { name, create } of samples) {
    it(`accepts the ${name} sample as written by renderJson`, () => {
      const validate = createValidator();
      expect(validate(asWritten(create())), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  const broken: { title: string; breakIt: (results: any) => void }[] = [
    { title: 'rejects a verdict outside the enum', breakIt: (r) => (r.verdict = 'maybe') },
    { title: 'rejects an unknown top-level property', breakIt: (r) => (r.extra = true) },
    { title: 'rejects a check result without findings', breakIt: (r) => delete r.results[0].findings },
    { title: 'rejects an unknown outcome on a finding', breakIt: (r) => (r.results[0].findings[0].outcome = 'warning') },
    { title: 'rejects a location of an unknown kind', breakIt: (r) => (r.results[0].findings[0].location = { kind: 'grpc', file: 'x' }) },
    { title: 'rejects a requirement counts table missing not-covered', breakIt: (r) => delete r.summary.requirements.core['not-covered'] },
  ];
  for (const { title, breakIt } of broken) {
    it(title, () => {
      const results = asWritten(createNonConformantResults());
      breakIt(results);
      expect(createValidator()(results)).toBe(false);
    });
  }

  it('accepts any keys in config and evidence', () => {
    const results = asWritten(createNonConformantResults()) as any;
    results.config.anything = { nested: [1, 2] };
    results.results[0].findings[0].evidence.more = null;
    expect(createValidator()(results)).toBe(true);
  });

  it('lists the same outcomes, keywords and editions as the code', () => {
    expect({
      outcomes: schema.$defs.outcome.enum,
      keywords: schema.$defs.keyword.enum,
      editions: schema.$defs.editionId.enum,
    }).toEqual({ outcomes: [...OUTCOMES], keywords: [...KEYWORDS], editions: [...EDITION_IDS] });
  });
});
