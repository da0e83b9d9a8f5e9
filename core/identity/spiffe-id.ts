/** A parsed SPIFFE ID: `spiffe://<trustDomain><path>`. */
export interface SpiffeId {
  trustDomain: string;
  /** Non-root path with its leading slash, e.g. `/margo/wfm/wfm-1`. */
  path: string;
}

/** The WFM and trust domain a peer's SPIFFE ID must belong to. */
export interface ExpectedWfm {
  trustDomain: string;
  wfmId: string;
}

const SCHEME = 'spiffe://';
// Limits from the SPIFFE ID spec: a trust domain is a DNS-style name, the whole ID fits 2048 bytes.
const MAX_ID_LENGTH = 2048;
const MAX_TRUST_DOMAIN_LENGTH = 255;
const TRUST_DOMAIN_CHARS = /^[a-z0-9._-]+$/;
const SEGMENT_CHARS = /^[A-Za-z0-9._-]+$/;
// ID-008: wfm-id and wfm-client-id use RFC 3986 unreserved characters only.
const UNRESERVED = /^[A-Za-z0-9._~-]+$/;

/**
 * Checks a URI against the SPIFFE ID rules an X.509-SVID must meet (ID-012): scheme `spiffe`,
 * lower-case trust domain, non-root path of plain segments, nothing else. Returns the reason on failure.
 */
export function checkSpiffeId(uri: string): SpiffeId | { reason: string } {
  if (uri.length > MAX_ID_LENGTH) return { reason: `it is longer than ${MAX_ID_LENGTH} bytes` };
  if (!uri.startsWith(SCHEME)) return { reason: 'the scheme is not "spiffe://"' };
  const rest = uri.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  const reason = trustDomainReason(authority) ?? pathReason(path);
  if (reason) return { reason };
  return { trustDomain: authority, path };
}

/** Parses a SPIFFE ID; undefined when `uri` is not a valid, non-root SPIFFE ID. */
export function parseSpiffeId(uri: string): SpiffeId | undefined {
  const checked = checkSpiffeId(uri);
  return 'reason' in checked ? undefined : checked;
}

/** `spiffe://<td>/margo/wfm/<wfm-id>` (ID-007). Throws when a part cannot appear in a SPIFFE ID. */
export function wfmSpiffeId(trustDomain: string, wfmId: string): string {
  return buildId(trustDomain, ['margo', 'wfm', requireId('wfm-id', wfmId)]);
}

/** `spiffe://<td>/margo/wfm/<wfm-id>/client/<wfm-client-id>` (ID-005). Throws when a part cannot appear in a SPIFFE ID. */
export function clientSpiffeId(trustDomain: string, wfmId: string, clientId: string): string {
  return buildId(trustDomain, ['margo', 'wfm', requireId('wfm-id', wfmId), 'client', requireId('wfm-client-id', clientId)]);
}

/** Exact, case-sensitive match of a client's SPIFFE ID against this WFM's trust domain and wfm-id (ID-005, ID-008). */
export function matchClientSpiffeId(id: string, expected: ExpectedWfm): { clientId: string } | { problem: string } {
  const matched = matchShape(id, expected, 6, 'ID-005');
  if ('problem' in matched) return matched;
  // A valid SPIFFE ID already keeps ids non-empty, unreserved and not "."/".." (ID-008).
  const [, , , , client, clientId = ''] = matched.segments;
  if (client !== 'client') return { problem: shapeProblem(matched.path, '/margo/wfm/<wfm-id>/client/<wfm-client-id>', 'ID-005') };
  return { clientId };
}

/** Exact, case-sensitive match of the WFM's SPIFFE ID against the one derived from the client's own SVID (ID-007). */
export function matchWfmSpiffeId(id: string, expected: ExpectedWfm): { wfmId: string } | { problem: string } {
  const matched = matchShape(id, expected, 4, 'ID-007');
  return 'problem' in matched ? matched : { wfmId: expected.wfmId };
}

function matchShape(
  id: string,
  expected: ExpectedWfm,
  segmentCount: 4 | 6,
  requirement: 'ID-005' | 'ID-007',
): { path: string; segments: string[] } | { problem: string } {
  const shape = segmentCount === 4 ? '/margo/wfm/<wfm-id>' : '/margo/wfm/<wfm-id>/client/<wfm-client-id>';
  const checked = checkSpiffeId(id);
  if ('reason' in checked) return { problem: `"${id}" is not a valid SPIFFE ID: ${checked.reason} (${requirement})` };
  if (checked.trustDomain !== expected.trustDomain) {
    return { problem: `trust domain is "${checked.trustDomain}"; expected "${expected.trustDomain}" (${requirement})` };
  }
  const segments = checked.path.split('/');
  if (segments.length !== segmentCount || segments[1] !== 'margo' || segments[2] !== 'wfm') {
    return { problem: shapeProblem(checked.path, shape, requirement) };
  }
  if (segments[3] !== expected.wfmId) return { problem: `wfm-id is "${segments[3]}"; expected "${expected.wfmId}" (${requirement})` };
  return { path: checked.path, segments };
}

function shapeProblem(path: string, shape: string, requirement: string): string {
  return `path is "${path}"; expected the shape ${shape} (${requirement})`;
}

function trustDomainReason(authority: string): string | undefined {
  if (authority === '') return 'the trust domain is empty';
  if (authority.includes('@')) return 'it has userinfo';
  if (authority.includes(':')) return 'it has a port';
  if (authority.includes('?')) return 'it has a query';
  if (authority.includes('#')) return 'it has a fragment';
  if (authority.length > MAX_TRUST_DOMAIN_LENGTH) return `the trust domain is longer than ${MAX_TRUST_DOMAIN_LENGTH} characters`;
  if (/[A-Z]/.test(authority)) return `the trust domain "${authority}" has upper-case letters`;
  if (!TRUST_DOMAIN_CHARS.test(authority)) return `the trust domain "${authority}" has characters outside [a-z0-9._-]`;
  return undefined;
}

function pathReason(path: string): string | undefined {
  if (path.includes('?')) return 'it has a query';
  if (path.includes('#')) return 'it has a fragment';
  if (path === '' || path === '/') return 'the path is empty; an SVID needs a non-root path';
  if (path.endsWith('/')) return 'the path ends with "/"';
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') return 'the path has an empty segment';
    if (segment === '.' || segment === '..') return `the path has a "${segment}" segment`;
    if (!SEGMENT_CHARS.test(segment)) return `path segment "${segment}" has characters outside [A-Za-z0-9._-]`;
  }
  return undefined;
}

function unreservedProblem(label: string, value: string): string | undefined {
  if (value === '' || !UNRESERVED.test(value)) return `${label} "${value}" is empty or has characters outside RFC 3986 unreserved (ID-008)`;
  if (value === '.' || value === '..') return `${label} is "${value}", which is not allowed (ID-008)`;
  return undefined;
}

function requireId(label: string, value: string): string {
  const problem = unreservedProblem(label, value);
  if (problem) throw new Error(`${problem}. Use letters, digits, ".", "_" or "-".`);
  return value;
}

function buildId(trustDomain: string, segments: string[]): string {
  const id = `${SCHEME}${trustDomain}/${segments.join('/')}`;
  const checked = checkSpiffeId(id);
  if ('reason' in checked) throw new Error(`"${id}" is not a valid SPIFFE ID: ${checked.reason} (ID-012). Use a lower-case trust domain and ids of [A-Za-z0-9._-].`);
  return id;
}
