import { describe, expect, it } from 'vitest';
import { UnsafeInputError } from './limits.js';
import { parseYaml, refuseUnsafeYaml } from './parse-yaml.js';

const aliasBomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
].join('\n');

describe('parseYaml', () => {
  it('parses a document and locates a pointer by line and column', () => {
    const parsed = parseYaml('kind: ApplicationDescription\nmetadata:\n  name: Demo\n  catalog:\n    organization: []\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.locate('/metadata/catalog/organization')).toEqual({ line: 5, column: 19 });
  });

  it('locates a missing property at its nearest existing parent', () => {
    const parsed = parseYaml('metadata:\n  name: Demo\n');
    expect(parsed.locate('/metadata/version')).toEqual({ line: 2, column: 3 });
  });

  it('refuses an alias bomb with a clear message', () => {
    const parsed = parseYaml(aliasBomb);
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems[0]?.message).toMatch(/^aliases expand beyond 100 references; refused/);
  });

  it('refuses deep flow nesting before the parser recurses', () => {
    const parsed = parseYaml('a: ' + '['.repeat(100_000) + ']'.repeat(100_000));
    expect(parsed.problems).toEqual([{ message: 'nesting is deeper than 64 levels; refused' }]);
  });

  it('refuses deep block nesting', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    const parsed = parseYaml(lines);
    expect(parsed.problems).toEqual([{ message: 'nesting is deeper than 64 levels; refused' }]);
  });

  it('reports duplicate keys as errors with their line', () => {
    const parsed = parseYaml('id: a\nid: b\n');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: 2 });
  });

  it('refuses documents over the size limit', () => {
    const parsed = parseYaml('a: ' + 'x'.repeat(100), { maxYamlBytes: 50, maxYamlAliases: 100, maxYamlDepth: 64 });
    expect(parsed.problems).toEqual([{ message: 'document is larger than 50 bytes; refused' }]);
  });

  it.each([
    ['an alias bomb', aliasBomb, /^margo\.yaml: aliases expand beyond 100 references; refused \(.+\)\. Give a document within the limits\.$/],
    ['deep flow nesting', 'a: ' + '['.repeat(100) + ']'.repeat(100), /^margo\.yaml: nesting is deeper than 64 levels; refused\. Give a document within the limits\.$/],
  ])('turns %s into an UnsafeInputError (a run error, not a product failure)', (_what, source, message) => {
    const parsed = parseYaml(source);
    expect(parsed.refused).toBeDefined();
    const error = (() => {
      try {
        return refuseUnsafeYaml(parsed, 'margo.yaml');
      } catch (cause) {
        return cause;
      }
    })();
    expect(error).toBeInstanceOf(UnsafeInputError);
    expect((error as Error).message).toMatch(message);
  });

  it('leaves a syntax error to the checks', () => {
    const parsed = parseYaml('a: [\n');
    expect([parsed.refused, refuseUnsafeYaml(parsed, 'margo.yaml') === parsed, parsed.problems.length > 0]).toEqual([undefined, true, true]);
  });
});
