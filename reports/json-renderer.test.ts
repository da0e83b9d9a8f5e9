import { describe, expect, it } from 'vitest';
import { renderJson } from './json-renderer.js';
import { createNonConformantResults } from './test-support/sample-results.js';

describe('renderJson', () => {
  it('writes the model as two-space JSON ending in a newline', () => {
    const results = createNonConformantResults();
    expect(renderJson(results)).toBe(`${JSON.stringify(results, null, 2)}\n`);
  });

  it('round-trips to an equal model', () => {
    const results = createNonConformantResults();
    expect(JSON.parse(renderJson(results))).toEqual(results);
  });
});
