import { describe, expect, it } from 'vitest';
import { checkComposeFile } from './check-compose-file.js';

const today = '2026-06-01';

describe('rule findings', () => {
  it('points at the file, service pointer and line of the offending setting', () => {
    const [finding] = checkComposeFile('services:\n  web:\n    image: i:1\n    privileged: true\n', { level: 'baseline', today });
    expect(finding).toMatchObject({
      requirement: 'MCS-001',
      outcome: 'fail',
      message: 'compose.yaml: services.web.privileged is true (MCS-001). Remove privileged, and add only the capabilities and devices the service needs.',
      location: { kind: 'file', file: 'compose.yaml', pointer: '/services/web/privileged', line: 4, column: 17 },
      evidence: { service: 'web', level: 'baseline', severity: 'critical' },
    });
  });

  it.each([
    ['an unset variable', {}, 'indeterminate'],
    ['the variable set to true', { env: new Map([['PRIV', 'true']]) }, 'fail'],
    ['the variable set to false', { env: new Map([['PRIV', 'false']]) }, undefined],
  ])('decides privileged: ${PRIV} with %s', (_, options, outcome) => {
    const findings = checkComposeFile('services:\n  web:\n    privileged: ${PRIV}\n', { level: 'baseline', today, ...options });
    expect(findings.map((f) => f.outcome)).toEqual(outcome ? [outcome] : []);
  });

  it('names the unset variable in an indeterminate finding', () => {
    const [finding] = checkComposeFile('services:\n  web:\n    network_mode: ${NET}\n', { level: 'baseline', today });
    expect(finding?.message).toBe('compose.yaml: services.web.network_mode depends on the unset variable NET (MCS-004). Give its value with --env or --env-file to decide.');
  });

  it('reports a setting inherited through extends at the base service line', () => {
    const [finding] = checkComposeFile('services:\n  base:\n    pid: host\n  app:\n    extends: base\n', { level: 'baseline', today });
    expect(finding?.location).toMatchObject({ pointer: '/services/base/pid', line: 3 });
  });

  it.each([
    ['a waiver for the service', { rule: 'MCS-012', service: 'gw', reason: 'Reads the RS-485 adapter.', expires: '2026-12-31' }, 'waived', 'waived until 2026-12-31: Reads the RS-485 adapter.'],
    ['a waiver for every service', { rule: 'MCS-012', service: '*', reason: 'Lab device.', expires: '2026-06-01' }, 'waived', 'waived until 2026-06-01: Lab device.'],
    ['an expired waiver', { rule: 'MCS-012', service: 'gw', reason: 'Old.', expires: '2026-05-31' }, 'fail', 'Remove the device'],
    ['a waiver of another rule', { rule: 'MCS-001', service: 'gw', reason: 'x', expires: '2027-01-01' }, 'fail', 'Remove the device'],
  ])('applies %s', (_, waiver, outcome, says) => {
    const [finding] = checkComposeFile('services:\n  gw:\n    devices: [/dev/ttyUSB0]\n', { level: 'baseline', today, waivers: [waiver] });
    expect(finding?.outcome).toBe(outcome);
    expect(finding?.message).toContain(says);
  });
});
