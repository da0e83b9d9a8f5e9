import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, spiffeBundle, type TestPki } from '../../../core/identity/index.js';
import { decodePem } from '../../../core/identity/pem.js';
import { createDeviceFaultSet, type DeviceFaultId } from '../faults.js';
import { checkDiscoveryDocument, checkSpiffeBundle, nextAnchors, refreshDelayMs, type AcceptedBundle } from './check-trust-documents.js';

const CLEAN = createDeviceFaultSet();
const withFault = (id: DeviceFaultId) => createDeviceFaultSet([id]);
const json = (value: unknown) => JSON.stringify(value);
const JWT_KEY = { kty: 'EC', crv: 'P-256', x: 'a', y: 'b', use: 'jwt-svid', kid: 'jwt-1' };

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

describe('checkDiscoveryDocument', () => {
  const BUNDLE_URI = 'https://localhost:8444/bundle.json';
  const check = (value: unknown, faults = CLEAN) => checkDiscoveryDocument(typeof value === 'string' ? value : json(value), 'margo.test', faults);

  it('follows a document of its own trust domain, ignoring members it does not know (TB-001)', () => {
    const checked = check({ trustDomain: 'margo.test', trustBundleUri: BUNDLE_URI, 'x-acme-region': 'eu-1' });
    expect(checked).toEqual({ discovery: { trustDomain: 'margo.test', trustBundleUri: new URL(BUNDLE_URI) } });
  });

  it.each([
    { value: 'not json', reason: 'is not a JSON object' },
    { value: [], reason: 'is not a JSON object' },
    { value: { trustBundleUri: BUNDLE_URI }, reason: 'has no trustDomain string' },
    { value: { trustDomain: 'margo.test', trustBundleUri: '/bundle.json' }, reason: 'not an absolute URL' },
  ])('refuses a malformed document: $reason (TB-003)', ({ value, reason }) => {
    expect(check(value)).toEqual({ refused: { reason: expect.stringContaining(reason), requirement: 'TB-003' } });
  });

  it('refuses another trust domain as a configuration error (TB-004)', () => {
    expect(check({ trustDomain: 'other.test', trustBundleUri: BUNDLE_URI })).toEqual({ refused: { reason: expect.stringContaining('trust domain other.test'), requirement: 'TB-004' } });
  });

  it.each(['http://localhost:8444/bundle.json', 'ftp://localhost/bundle.json', 'file:///etc/bundle.json'])('refuses the non-https trustBundleUri %s (TB-005)', (uri) => {
    expect(check({ trustDomain: 'margo.test', trustBundleUri: uri })).toEqual({ refused: { reason: expect.stringContaining('is not an https URL'), requirement: 'TB-005' } });
  });

  it('faults: ignores-discovered-trust-domain, follows-http-bundle-uri (http only), rejects-unknown-bundle-fields', () => {
    expect(check({ trustDomain: 'other.test', trustBundleUri: BUNDLE_URI }, withFault('ignores-discovered-trust-domain'))).toHaveProperty('discovery');
    expect(check({ trustDomain: 'margo.test', trustBundleUri: 'http://localhost/b.json' }, withFault('follows-http-bundle-uri'))).toHaveProperty('discovery');
    expect(check({ trustDomain: 'margo.test', trustBundleUri: 'ftp://localhost/b.json' }, withFault('follows-http-bundle-uri'))).toHaveProperty('refused.requirement', 'TB-005');
    expect(check({ trustDomain: 'margo.test', trustBundleUri: BUNDLE_URI, extra: 1 }, withFault('rejects-unknown-bundle-fields'))).toEqual({ refused: { reason: expect.stringContaining('extra'), requirement: 'TB-001' } });
  });
});

describe('checkSpiffeBundle', () => {
  const check = (value: unknown, highest?: number, faults = CLEAN) => checkSpiffeBundle(typeof value === 'string' ? value : json(value), highest, faults);
  const accepted = (value: unknown, highest?: number, faults = CLEAN): AcceptedBundle => {
    const checked = check(value, highest, faults);
    if (!('bundle' in checked)) throw new Error(`refused: ${checked.refused.reason}`);
    return checked.bundle;
  };
  const anchorOf = (pem: string) => decodePem(pem)[0]?.toString('base64');

  it('takes the x509-svid authorities as PEM anchors, with sequence and refresh hint', () => {
    const bundle = accepted(spiffeBundle(pki.bundlePem, { sequence: 7, refreshHintSeconds: 60 }));
    expect(bundle).toMatchObject({ anchors: 1, sequence: 7, refreshHintSeconds: 60 });
    expect(anchorOf(bundle.anchorsPem)).toBe(anchorOf(pki.bundlePem));
  });

  it('ignores jwt-svid keys and members it does not know (TB-006, TB-001)', () => {
    const value = { ...spiffeBundle(pki.bundlePem), 'x-note': 1 };
    expect(accepted({ ...value, keys: [JWT_KEY, ...value.keys.map((key) => ({ ...key, 'x-note': 1 }))] })).toMatchObject({ anchors: 1 });
  });

  it('reads x5c as X509-SVID section 6.2 says: an entry without it is skipped, values after the first are ignored', () => {
    const [key] = spiffeBundle(`${pki.bundlePem}${pki.foreign.bundlePem}`).keys;
    const foreign = anchorOf(pki.foreign.bundlePem) ?? '';
    const bundle = accepted({ keys: [{ kty: 'EC', use: 'x509-svid' }, { ...key, x5c: [...(key?.x5c ?? []), foreign] }] });
    expect(bundle.anchors).toBe(1);
    expect(anchorOf(bundle.anchorsPem)).toBe(anchorOf(pki.bundlePem));
  });

  it.each([
    { value: '{', reason: 'is not a JSON object' },
    { value: { spiffe_sequence: 1 }, reason: 'has no keys array' },
    { value: { keys: ['x'] }, reason: 'key #1 is not a JSON object' },
    { value: { keys: [{ kty: 'EC', use: 'x509-svid', x5c: ['not base64!'] }] }, reason: 'not a base64 DER certificate' },
    { value: { keys: [{ kty: 'EC', use: 'x509-svid', x5c: ['AAAA'] }] }, reason: 'not a base64 DER certificate' },
    { value: { keys: [], spiffe_sequence: 1.5 }, reason: 'not a whole number' },
  ])('refuses a malformed bundle: $reason (TB-006)', ({ value, reason }) => {
    expect(check(value)).toEqual({ refused: { reason: expect.stringContaining(reason), requirement: 'TB-006' } });
  });

  it('refuses a bundle without X.509 anchors (TB-007)', () => {
    expect(check({ keys: [JWT_KEY], spiffe_sequence: 2 })).toEqual({ refused: { reason: expect.stringContaining('no x509-svid key'), requirement: 'TB-007' } });
    expect(check({ keys: [] })).toHaveProperty('refused.requirement', 'TB-007');
  });

  it('refuses a lower spiffe_sequence than the highest accepted, not an equal one or none (TB-008)', () => {
    expect(check(spiffeBundle(pki.bundlePem, { sequence: 4 }), 5)).toEqual({ refused: { reason: expect.stringContaining('spiffe_sequence 4, below 5'), requirement: 'TB-008' } });
    expect(accepted(spiffeBundle(pki.bundlePem, { sequence: 5 }), 5)).toMatchObject({ sequence: 5 });
    const { spiffe_sequence: _dropped, ...unordered } = spiffeBundle(pki.bundlePem);
    expect(accepted(unordered, 5)).not.toHaveProperty('sequence');
  });

  it.each([0, -5, '60', null])('leaves out a spiffe_refresh_hint of %j (the operator interval applies)', (hint) => {
    expect(accepted({ ...spiffeBundle(pki.bundlePem), spiffe_refresh_hint: hint })).not.toHaveProperty('refreshHintSeconds');
  });

  it('faults: rejects-bundle-with-jwt-keys, accepts-bundle-without-x509-anchors, accepts-lower-bundle-sequence, rejects-unknown-bundle-fields', () => {
    const bundle = spiffeBundle(pki.bundlePem, { sequence: 3 });
    expect(check({ ...bundle, keys: [...bundle.keys, JWT_KEY] }, undefined, withFault('rejects-bundle-with-jwt-keys'))).toHaveProperty('refused.requirement', 'TB-006');
    expect(accepted({ keys: [JWT_KEY] }, undefined, withFault('accepts-bundle-without-x509-anchors'))).toEqual({ anchorsPem: '', anchors: 0 });
    expect(accepted(bundle, 5, withFault('accepts-lower-bundle-sequence'))).toMatchObject({ sequence: 3 });
    expect(check({ ...bundle, 'x-note': 1 }, undefined, withFault('rejects-unknown-bundle-fields'))).toHaveProperty('refused.requirement', 'TB-001');
  });
});

describe('nextAnchors (TB-009)', () => {
  it('replaces the held anchors entirely; the merges-trust-bundles fault keeps both, once each', () => {
    const next = { anchorsPem: pki.foreign.bundlePem, anchors: 1 };
    expect(nextAnchors(pki.bundlePem, next, CLEAN)).toBe(pki.foreign.bundlePem);
    const merged = nextAnchors(`${pki.bundlePem}${pki.foreign.bundlePem}`, next, withFault('merges-trust-bundles'));
    expect(decodePem(merged).map((der) => der.toString('base64'))).toEqual([...decodePem(pki.bundlePem), ...decodePem(pki.foreign.bundlePem)].map((der) => der.toString('base64')));
  });
});

describe('refreshDelayMs (TB-010)', () => {
  const defaults = { intervalMs: 300_000, minimumMs: 1000 };

  it('waits spiffe_refresh_hint, else the operator interval, never less than the minimum, whatever Cache-Control says', () => {
    expect(refreshDelayMs(60, 'max-age=3600', defaults, CLEAN)).toBe(60_000);
    expect(refreshDelayMs(undefined, 'max-age=3600', defaults, CLEAN)).toBe(300_000);
    expect(refreshDelayMs(0.01, undefined, defaults, CLEAN)).toBe(1000);
  });

  it('fault honours-bundle-cache-control: the longer of the hint and max-age', () => {
    const faults = withFault('honours-bundle-cache-control');
    expect(refreshDelayMs(1, 'public, max-age=3600', defaults, faults)).toBe(3_600_000);
    expect(refreshDelayMs(7200, 'max-age=3600', defaults, faults)).toBe(7_200_000);
    expect(refreshDelayMs(1, 'no-cache', defaults, faults)).toBe(1000);
  });
});
