import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { routeOf } from './route-of.js';

/** The mock WFM names a device's gateway-child capabilities report the same whether the slash is raw or %2F (CAP-012 erratum). */
const CASES = [
  { name: 'a raw-slash child path', path: '/api/v1/capabilities/gateway-1/child-2' },
  { name: 'a %2F child path', path: '/api/v1/capabilities/gateway-1%2Fchild-2' },
  { name: 'a %2F child path with a query', path: '/api/v1/capabilities/gateway-1%2Fchild-2?x=1' },
];

describe('routeOf', () => {
  it.each(CASES)('routes $name to capabilities with the decoded deviceId', ({ path }) => {
    expect(routeOf(EDITIONS['1.0.0-rc.3'], 'PUT', path)).toEqual({ name: 'capabilities', params: { deviceId: 'gateway-1/child-2' } });
  });
});
