import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/results/model.js';
import { formatFinding } from './format-finding.js';

describe('formatFinding', () => {
  const base: Finding = { requirement: 'PKG-008', outcome: 'fail', message: 'organization has no name (PKG-008).' };
  it('prefixes the message with its location', () => {
    expect(formatFinding({ ...base, location: { kind: 'file', file: 'margo.yaml', line: 16 } })).toBe('margo.yaml:16: organization has no name (PKG-008).');
  });
  it('gives the bare message when there is no location', () => {
    expect(formatFinding(base)).toBe('organization has no name (PKG-008).');
  });
});
