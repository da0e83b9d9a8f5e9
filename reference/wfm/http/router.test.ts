import { describe, expect, it } from 'vitest';
import { compilePath, fillPath } from './router.js';

const CAPABILITIES = '/api/v1/capabilities/{deviceId}';
const DEPLOYMENT = '/api/v1/deployments/{deploymentId}/{digest}';

/** CAP-012 erratum: a gateway child's deviceId arrives with raw slashes (the prose) or %2F (OpenAPI path-parameter encoding). */
const CASES: { name: string; template: string; path: string; expected: Record<string, string> | undefined }[] = [
  { name: 'matches a device at the top level', template: CAPABILITIES, path: '/api/v1/capabilities/device-1', expected: { deviceId: 'device-1' } },
  { name: 'matches a gateway child with raw slashes', template: CAPABILITIES, path: '/api/v1/capabilities/gateway-1/child-2', expected: { deviceId: 'gateway-1/child-2' } },
  { name: 'matches a gateway child with %2F', template: CAPABILITIES, path: '/api/v1/capabilities/gateway-1%2Fchild-2', expected: { deviceId: 'gateway-1/child-2' } },
  { name: 'matches a gateway child with lower-case %2f', template: CAPABILITIES, path: '/api/v1/capabilities/gateway-1%2fchild-2', expected: { deviceId: 'gateway-1/child-2' } },
  { name: 'matches a grandchild mixing both forms', template: CAPABILITIES, path: '/api/v1/capabilities/gateway-1%2Fhub/child-2', expected: { deviceId: 'gateway-1/hub/child-2' } },
  { name: 'keeps single-segment parameters to one segment', template: DEPLOYMENT, path: '/api/v1/deployments/d/1/sha256:ab', expected: undefined },
  { name: 'refuses a malformed percent-encoding', template: CAPABILITIES, path: '/api/v1/capabilities/gateway-1%2', expected: undefined },
];

describe('compilePath', () => {
  it.each(CASES)('$name', ({ template, path, expected }) => {
    expect(compilePath(template).match(path)).toEqual(expected);
  });

  it('fills a gateway child with raw slashes, as the prose writes it', () => {
    expect(fillPath(CAPABILITIES, { deviceId: 'gateway-1/child-2' })).toBe('/api/v1/capabilities/gateway-1/child-2');
  });
});
