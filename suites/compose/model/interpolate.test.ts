import { describe, expect, it } from 'vitest';
import { interpolateString } from './interpolate.js';

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
