import { describe, expect, it } from 'vitest';
import { UnsafeInputError } from '../../../core/input/limits.js';
import { interpolateString, interpolateValue } from './interpolate.js';

const env = new Map([['SET', 'value'], ['EMPTY', ''], ['NESTED', 'inner']]);

describe('interpolateString', () => {
  it.each([
    ['${SET}', 'value', []],
    ['$SET/x', 'value/x', []],
    ['${UNSET}', '', ['UNSET']],
    ['$UNSET', '', ['UNSET']],
    ['${UNSET:-fallback}', 'fallback', []],
    ['${EMPTY:-fallback}', 'fallback', []],
    ['${EMPTY-fallback}', '', []],
    ['${UNSET-fallback}', 'fallback', []],
    ['${UNSET:-${NESTED}}', 'inner', []],
    ['${UNSET:-${ALSO_UNSET}}', '', ['ALSO_UNSET']],
    ['${UNSET:?must be set}', '', ['UNSET']],
    ['${EMPTY:?must not be empty}', '', ['EMPTY']],
    ['${EMPTY?set is enough}', '', []],
    ['${SET:+alt}', 'alt', []],
    ['${UNSET:+alt}', '', []],
    ['$$SET costs $$5', '$SET costs $5', []],
    ['price: 5$', 'price: 5$', []],
  ] as const)('%s -> %j (unset %j)', (source, text, unset) => {
    expect(interpolateString(source, env)).toMatchObject({ text, unset: [...unset] });
  });
});

/** `${V:-${V:-...x}}`, `depth` levels of nesting. */
const chain = (depth: number) => '${V:-'.repeat(depth) + 'x' + '}'.repeat(depth);

describe('interpolation depth', () => {
  it.each([
    { depth: 1, text: 'x' },
    { depth: 32, text: 'x' },
  ])('expands a $depth-deep chain of defaults', ({ depth, text }) => {
    expect(interpolateString(chain(depth), env).text).toBe(text);
  });

  it.each([33, 30_000])('refuses a %i-deep chain with one line, not a stack overflow', (depth) => {
    const error = (() => {
      try {
        return interpolateValue({ services: { a: { image: chain(depth) } } }, env);
      } catch (cause) {
        return cause;
      }
    })();
    expect([error instanceof UnsafeInputError, (error as Error).message]).toEqual([
      true,
      '/services/a/image: ${...} interpolation nests deeper than 32 levels; refused. Flatten the nested defaults.',
    ]);
  });
});
