import { describe, expect, it } from 'vitest';
import type { RunResults } from '../core/results/model.js';
import { harRecordIds, renderHar, toHar } from './har-renderer.js';
import { createConformantResults } from './test-support/sample-results.js';

/** A run whose traffic log holds a POST with a JSON body, a request that got no response, and a TLS handshake. */
function withTraffic(): RunResults {
  const results = createConformantResults();
  results.profile = { id: 'wfm', title: 'Workload Fleet Manager' };
  results.traffic = [
    {
      kind: 'http', id: 't-000001', check: 'wfm-api/status', at: 1500, httpVersion: '1.1',
      request: { method: 'POST', url: 'https://127.0.0.1:9443/api/v1/clients/c1/deployment/d1/status?x=1&y=2', headers: { 'content-type': 'application/json' }, body: '{"state":"installed"}' },
      response: { status: 201, headers: { 'content-type': 'application/problem+json', location: '/x' }, body: '{"ok":true}', truncated: true },
    },
    { kind: 'http', id: 't-000002', at: 2000, request: { method: 'GET', url: 'https://127.0.0.1:9443/api/v1/deployments', headers: {} }, error: 'timeout after 5000 ms' },
    { kind: 'tls', id: 't-000003', role: 'client', host: '127.0.0.1', port: 9443, result: 'completed', protocol: 'TLSv1.3' },
  ];
  return results;
}

describe('renderHar', () => {
  it('writes a HAR 1.2 log with our tool as creator', () => {
    const { log } = toHar(withTraffic());
    expect({ version: log.version, creator: log.creator, entries: log.entries.length }).toEqual({ version: '1.2', creator: { name: 'margo-conformance', version: '0.1.0' }, entries: 2 });
  });

  it('writes an exchange as a HAR entry with request, response, timings, and our record id in _id', () => {
    expect(toHar(withTraffic()).log.entries[0]).toEqual({
      startedDateTime: '2026-03-02T09:14:06.620Z',
      time: 0,
      request: {
        method: 'POST',
        url: 'https://127.0.0.1:9443/api/v1/clients/c1/deployment/d1/status?x=1&y=2',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [{ name: 'content-type', value: 'application/json' }],
        queryString: [{ name: 'x', value: '1' }, { name: 'y', value: '2' }],
        postData: { mimeType: 'application/json', text: '{"state":"installed"}' },
        headersSize: -1,
        bodySize: 21,
      },
      response: {
        status: 201,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [{ name: 'content-type', value: 'application/problem+json' }, { name: 'location', value: '/x' }],
        content: { size: 11, mimeType: 'application/problem+json', text: '{"ok":true}', comment: 'body truncated by the kit' },
        redirectURL: '/x',
        headersSize: -1,
        bodySize: 11,
      },
      cache: {},
      timings: { send: 0, wait: 0, receive: 0 },
      _id: 't-000001',
      _check: 'wfm-api/status',
    });
  });

  it('writes an exchange without a response as status 0 with the reason in _error', () => {
    const entry = toHar(withTraffic()).log.entries[1]!;
    expect({ status: entry.response.status, httpVersion: entry.response.httpVersion, bodySize: entry.response.bodySize, error: entry._error, id: entry._id }).toEqual({
      status: 0, httpVersion: '', bodySize: -1, error: 'timeout after 5000 ms', id: 't-000002',
    });
  });

  it('keeps TLS handshakes, which HAR has no place for, in _tlsHandshakes', () => {
    expect(toHar(withTraffic()).log._tlsHandshakes).toEqual([{ kind: 'tls', id: 't-000003', role: 'client', host: '127.0.0.1', port: 9443, result: 'completed', protocol: 'TLSv1.3' }]);
  });

  it('lists every record id evidence may cite', () => {
    expect([...harRecordIds(toHar(withTraffic()))]).toEqual(['t-000001', 't-000002', 't-000003']);
  });

  it('writes an empty log for a run without traffic', () => {
    expect(toHar(createConformantResults()).log).toMatchObject({ version: '1.2', entries: [], _tlsHandshakes: [] });
  });

  it('renders the same bytes for the same input, as JSON ending in a newline', () => {
    const text = renderHar(withTraffic());
    expect([text === renderHar(withTraffic()), text.endsWith('}\n'), JSON.parse(text).log.version]).toEqual([true, true, '1.2']);
  });
});
