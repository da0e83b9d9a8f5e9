import { describe, expect, it } from 'vitest';
import { checkSpiffeId, clientSpiffeId, matchClientSpiffeId, matchWfmSpiffeId, parseSpiffeId, wfmSpiffeId } from './spiffe-id.js';

const expected = { trustDomain: 'margo.test', wfmId: 'wfm-1' };

describe('parseSpiffeId', () => {
  const good: Array<[string, { trustDomain: string; path: string }]> = [
    ['spiffe://margo.test/margo/wfm/wfm-1', { trustDomain: 'margo.test', path: '/margo/wfm/wfm-1' }],
    ['spiffe://margo.test/margo/wfm/wfm-1/client/Dev_1.a-b', { trustDomain: 'margo.test', path: '/margo/wfm/wfm-1/client/Dev_1.a-b' }],
    ['spiffe://td_1-x.example/a', { trustDomain: 'td_1-x.example', path: '/a' }],
    ['spiffe://margo.test/...', { trustDomain: 'margo.test', path: '/...' }],
  ];
  it.each(good)('accepts %s', (uri, parsed) => {
    expect(parseSpiffeId(uri)).toEqual(parsed);
  });

  const bad: Array<[string, string]> = [
    ['spiffe://margo.test', 'the path is empty; an SVID needs a non-root path'],
    ['spiffe://margo.test/', 'the path is empty; an SVID needs a non-root path'],
    ['spiffe://margo.test/margo/wfm/', 'the path ends with "/"'],
    ['spiffe://margo.test/margo//wfm', 'the path has an empty segment'],
    ['spiffe://margo.test/margo/../wfm', 'the path has a ".." segment'],
    ['spiffe://margo.test/margo/./wfm', 'the path has a "." segment'],
    ['spiffe://Margo.test/margo', 'the trust domain "Margo.test" has upper-case letters'],
    ['spiffe://margo.test/margo?x=1', 'it has a query'],
    ['spiffe://margo.test/margo#frag', 'it has a fragment'],
    ['spiffe://margo.test:8443/margo', 'it has a port'],
    ['spiffe://user@margo.test/margo', 'it has userinfo'],
    ['spiffe:///margo', 'the trust domain is empty'],
    ['SPIFFE://margo.test/margo', 'the scheme is not "spiffe://"'],
    ['https://margo.test/margo', 'the scheme is not "spiffe://"'],
    ['spiffe://margo.test/a%20b', 'path segment "a%20b" has characters outside [A-Za-z0-9._-]'],
    ['spiffe://margo.test/a~b', 'path segment "a~b" has characters outside [A-Za-z0-9._-]'],
    ['spiffe://mar*go.test/a', 'the trust domain "mar*go.test" has characters outside [a-z0-9._-]'],
    [`spiffe://margo.test/${'a'.repeat(2040)}`, 'it is longer than 2048 bytes'],
  ];
  it.each(bad)('rejects %s', (uri, reason) => {
    expect(parseSpiffeId(uri)).toBeUndefined();
    expect(checkSpiffeId(uri)).toEqual({ reason });
  });
});

describe('SPIFFE ID builders', () => {
  it('builds the WFM and client shapes', () => {
    expect(wfmSpiffeId('margo.test', 'wfm-1')).toBe('spiffe://margo.test/margo/wfm/wfm-1');
    expect(clientSpiffeId('margo.test', 'wfm-1', 'dev-1')).toBe('spiffe://margo.test/margo/wfm/wfm-1/client/dev-1');
  });

  const invalid: Array<[string, () => string, string]> = [
    ['a ".." client id', () => clientSpiffeId('margo.test', 'wfm-1', '..'), 'wfm-client-id is "..", which is not allowed (ID-008). Use letters, digits, ".", "_" or "-".'],
    ['an empty wfm id', () => wfmSpiffeId('margo.test', ''), 'wfm-id "" is empty or has characters outside RFC 3986 unreserved (ID-008). Use letters, digits, ".", "_" or "-".'],
    ['a slash in a client id', () => clientSpiffeId('margo.test', 'wfm-1', 'a/b'), 'wfm-client-id "a/b" is empty or has characters outside RFC 3986 unreserved (ID-008). Use letters, digits, ".", "_" or "-".'],
    [
      'an upper-case trust domain',
      () => wfmSpiffeId('Margo.test', 'wfm-1'),
      '"spiffe://Margo.test/margo/wfm/wfm-1" is not a valid SPIFFE ID: the trust domain "Margo.test" has upper-case letters (ID-012). Use a lower-case trust domain and ids of [A-Za-z0-9._-].',
    ],
  ];
  it.each(invalid)('refuses to build an id from %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('matchClientSpiffeId', () => {
  const cases: Array<[string, string, { clientId: string } | { problem: string }]> = [
    ['accepts its own client shape', 'spiffe://margo.test/margo/wfm/wfm-1/client/dev-1', { clientId: 'dev-1' }],
    ['rejects another trust domain', 'spiffe://other.test/margo/wfm/wfm-1/client/dev-1', { problem: 'trust domain is "other.test"; expected "margo.test" (ID-005)' }],
    ['rejects another wfm-id', 'spiffe://margo.test/margo/wfm/wfm-2/client/dev-1', { problem: 'wfm-id is "wfm-2"; expected "wfm-1" (ID-005)' }],
    ['compares wfm-id case-sensitively', 'spiffe://margo.test/margo/wfm/WFM-1/client/dev-1', { problem: 'wfm-id is "WFM-1"; expected "wfm-1" (ID-005)' }],
    ['rejects the WFM shape', 'spiffe://margo.test/margo/wfm/wfm-1', { problem: 'path is "/margo/wfm/wfm-1"; expected the shape /margo/wfm/<wfm-id>/client/<wfm-client-id> (ID-005)' }],
    ['rejects a misspelt client segment', 'spiffe://margo.test/margo/wfm/wfm-1/clients/dev-1', { problem: 'path is "/margo/wfm/wfm-1/clients/dev-1"; expected the shape /margo/wfm/<wfm-id>/client/<wfm-client-id> (ID-005)' }],
    ['rejects an extra segment', 'spiffe://margo.test/margo/wfm/wfm-1/client/dev-1/x', { problem: 'path is "/margo/wfm/wfm-1/client/dev-1/x"; expected the shape /margo/wfm/<wfm-id>/client/<wfm-client-id> (ID-005)' }],
    ['rejects a missing /margo/ prefix', 'spiffe://margo.test/wfm/wfm-1/client/dev-1/x', { problem: 'path is "/wfm/wfm-1/client/dev-1/x"; expected the shape /margo/wfm/<wfm-id>/client/<wfm-client-id> (ID-005)' }],
    ['rejects a ".." client id', 'spiffe://margo.test/margo/wfm/wfm-1/client/..', { problem: '"spiffe://margo.test/margo/wfm/wfm-1/client/.." is not a valid SPIFFE ID: the path has a ".." segment (ID-005)' }],
    ['rejects a trailing slash', 'spiffe://margo.test/margo/wfm/wfm-1/client/dev-1/', { problem: '"spiffe://margo.test/margo/wfm/wfm-1/client/dev-1/" is not a valid SPIFFE ID: the path ends with "/" (ID-005)' }],
  ];
  it.each(cases)('%s', (_title, id, result) => {
    expect(matchClientSpiffeId(id, expected)).toEqual(result);
  });
});

describe('matchWfmSpiffeId', () => {
  const cases: Array<[string, string, { wfmId: string } | { problem: string }]> = [
    ['accepts its own WFM', 'spiffe://margo.test/margo/wfm/wfm-1', { wfmId: 'wfm-1' }],
    ['rejects another wfm-id', 'spiffe://margo.test/margo/wfm/wfm-1-other', { problem: 'wfm-id is "wfm-1-other"; expected "wfm-1" (ID-007)' }],
    ['rejects another trust domain', 'spiffe://other.test/margo/wfm/wfm-1', { problem: 'trust domain is "other.test"; expected "margo.test" (ID-007)' }],
    ['rejects a client-shaped id', 'spiffe://margo.test/margo/wfm/wfm-1/client/x', { problem: 'path is "/margo/wfm/wfm-1/client/x"; expected the shape /margo/wfm/<wfm-id> (ID-007)' }],
    ['rejects a query', 'spiffe://margo.test/margo/wfm/wfm-1?x', { problem: '"spiffe://margo.test/margo/wfm/wfm-1?x" is not a valid SPIFFE ID: it has a query (ID-007)' }],
    ['rejects an upper-case trust domain', 'spiffe://MARGO.test/margo/wfm/wfm-1', { problem: '"spiffe://MARGO.test/margo/wfm/wfm-1" is not a valid SPIFFE ID: the trust domain "MARGO.test" has upper-case letters (ID-007)' }],
  ];
  it.each(cases)('%s', (_title, id, result) => {
    expect(matchWfmSpiffeId(id, expected)).toEqual(result);
  });
});
