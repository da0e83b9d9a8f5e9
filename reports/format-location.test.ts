import { describe, expect, it } from 'vitest';
import type { Location } from '../core/results/model.js';
import { formatLocation } from './format-location.js';

describe('formatLocation', () => {
  const cases: { title: string; location: Location; expected: string }[] = [
    { title: 'names the file alone when nothing else is known', location: { kind: 'file', file: 'margo.yaml' }, expected: 'margo.yaml' },
    {
      title: 'puts line, column and pointer after the file',
      location: { kind: 'file', file: 'margo.yaml', pointer: '/metadata/id', line: 3, column: 5 },
      expected: 'margo.yaml:3:5 /metadata/id',
    },
    { title: 'drops the empty root pointer', location: { kind: 'file', file: 'margo.yaml', pointer: '', line: 1 }, expected: 'margo.yaml:1' },
    {
      title: 'shows an HTTP exchange as method, URL and status',
      location: { kind: 'http', request: { method: 'GET', url: 'https://wfm.test/x', headers: {} }, response: { status: 404, headers: {} } },
      expected: 'GET https://wfm.test/x -> 404',
    },
    {
      title: 'says when an HTTP request got no response',
      location: { kind: 'http', request: { method: 'POST', url: 'https://wfm.test/y', headers: {} } },
      expected: 'POST https://wfm.test/y -> no response',
    },
  ];
  for (const { title, location, expected } of cases) {
    it(title, () => expect(formatLocation(location)).toBe(expected));
  }
});
