import { describe, expect, it } from 'vitest';
import { parseWaivers } from './waivers.js';

describe('parseWaivers', () => {
  it('reads rule, service, reason and expiry (YAML dates included)', () => {
    expect(parseWaivers('waivers:\n  - rule: MCS-012\n    service: gw\n    reason: Serial adapter.\n    expires: 2026-12-31\n', 'w.yaml')).toEqual([
      { rule: 'MCS-012', service: 'gw', reason: 'Serial adapter.', expires: '2026-12-31' },
    ]);
  });

  it.each([
    ['rules: []', 'w.yaml: has no "waivers" list. Write waivers: followed by entries with rule, service, reason and expires.'],
    ['waivers:\n  - {rule: MCS-012, service: gw, expires: 2026-01-01}', 'w.yaml: waivers[0].reason is missing; a waiver must say why'],
    ['waivers:\n  - {rule: privileged, service: gw, reason: r, expires: soon}', 'w.yaml: waivers[0].rule is "privileged"; expected a rule ID such as MCS-012; w.yaml: waivers[0].expires is "soon"; expected a date YYYY-MM-DD'],
  ])('refuses %j', (text, message) => {
    expect(() => parseWaivers(text, 'w.yaml')).toThrow(message);
  });
});
