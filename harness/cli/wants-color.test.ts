import { describe, expect, it } from 'vitest';
import { wantsColor } from './wants-color.js';

describe('wantsColor', () => {
  const cases = [
    { env: {}, tty: true, color: true },
    { env: {}, tty: false, color: false },
    { env: { NO_COLOR: '1' }, tty: true, color: false },
    { env: { NO_COLOR: '' }, tty: true, color: true },
    { env: { FORCE_COLOR: '1' }, tty: false, color: true },
    { env: { FORCE_COLOR: '' }, tty: false, color: true },
    { env: { FORCE_COLOR: '0' }, tty: true, color: false },
    { env: { FORCE_COLOR: 'false' }, tty: true, color: false },
    { env: { FORCE_COLOR: '1', NO_COLOR: '1' }, tty: false, color: true },
  ];
  for (const { env, tty, color } of cases) {
    it(`is ${color} for ${JSON.stringify(env)} on ${tty ? 'a terminal' : 'a pipe'}`, () => {
      expect(wantsColor(env, tty)).toBe(color);
    });
  }
});
