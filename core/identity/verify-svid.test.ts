import { beforeAll, describe, expect, it } from 'vitest';
import type { Svid } from './issue-svid.js';
import { decodePem } from './pem.js';
import { SVID_DEFECTS, type SvidDefect } from './svid-defects.js';
import { createTestPki, type ClientSvidOptions, type TestPki, type WfmSvidOptions } from './test-pki.js';
import { verifyClientSvid } from './verify-client-svid.js';
import { verifySvid } from './verify-svid.js';
import { verifyWfmSvid } from './verify-wfm-svid.js';

const now = new Date('2026-01-15T12:00:00Z');
const verifyOptions = { trustDomain: 'margo.test', wfmId: 'wfm-1', now };
const leaf = (cn: string) => `"CN=${cn}, O=margo-conformance test PKI"`;
const ROOT = '"CN=margo.test root CA, O=margo-conformance test PKI"';
const FOREIGN_INTERMEDIATE = '"CN=other.test intermediate CA, O=margo-conformance test PKI"';
const FOREIGN_ROOT = '"CN=other.test root CA, O=margo-conformance test PKI"';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now });
});

interface DefectCase<Options> {
  defect: SvidDefect;
  options: Options;
  problem: string;
}

const clientCases: Array<DefectCase<ClientSvidOptions>> = [
  { defect: 'expired', options: { expired: true }, problem: `leaf ${leaf('dev-1')} expired at 2026-01-14T12:00:00.000Z (now 2026-01-15T12:00:00.000Z) (ID-015)` },
  { defect: 'notYetValid', options: { notYetValid: true }, problem: `leaf ${leaf('dev-1')} is not valid before 2026-01-16T12:00:00.000Z (now 2026-01-15T12:00:00.000Z) (ID-012)` },
  { defect: 'foreignTrustDomain', options: { foreignTrustDomain: true }, problem: 'leaf SPIFFE ID trust domain is "other.test"; expected "margo.test", the only trust bundle held (ID-012)' },
  { defect: 'foreignCa', options: { foreignCa: true }, problem: `${FOREIGN_INTERMEDIATE} is issued by ${FOREIGN_ROOT}, which is neither a trust bundle anchor nor a presented CA certificate (ID-012)` },
  { defect: 'otherWfmId', options: { otherWfmId: true }, problem: 'wfm-id is "wfm-1-other"; expected "wfm-1" (ID-005)' },
  { defect: 'noUriSan', options: { noUriSan: true }, problem: 'leaf has 0 URI SANs; an X.509-SVID has exactly one (ID-012)' },
  { defect: 'twoUriSans', options: { twoUriSans: true }, problem: 'leaf has 2 URI SANs; an X.509-SVID has exactly one (ID-012)' },
  { defect: 'caTrue', options: { caTrue: true }, problem: 'leaf has basicConstraints cA=true; an X.509-SVID leaf is not a CA (ID-012)' },
  { defect: 'keyCertSign', options: { keyCertSign: true }, problem: 'leaf keyUsage includes keyCertSign; an X.509-SVID leaf has neither (ID-012)' },
  { defect: 'leafOnly', options: { leafOnly: true }, problem: `leaf ${leaf('dev-1')} is not issued by a trust bundle anchor and no intermediate was presented; a presenter sends leaf + intermediates (ID-011)` },
  { defect: 'rsa2048', options: { keyAlgorithm: 'rsa-2048' }, problem: 'leaf key is RSA 2048-bit; an X.509-SVID key is ECDSA P-256/P-384, Ed25519 or RSA >= 3072 bits (ID-013)' },
];

const wfmCases: Array<DefectCase<WfmSvidOptions>> = [
  { defect: 'expired', options: { expired: true }, problem: `leaf ${leaf('wfm-1')} expired at 2026-01-14T12:00:00.000Z (now 2026-01-15T12:00:00.000Z) (ID-015)` },
  { defect: 'notYetValid', options: { notYetValid: true }, problem: `leaf ${leaf('wfm-1')} is not valid before 2026-01-16T12:00:00.000Z (now 2026-01-15T12:00:00.000Z) (ID-012)` },
  { defect: 'foreignTrustDomain', options: { foreignTrustDomain: true }, problem: 'leaf SPIFFE ID trust domain is "other.test"; expected "margo.test", the only trust bundle held (ID-012)' },
  { defect: 'foreignCa', options: { foreignCa: true }, problem: `${FOREIGN_INTERMEDIATE} is issued by ${FOREIGN_ROOT}, which is neither a trust bundle anchor nor a presented CA certificate (ID-012)` },
  { defect: 'wrongWfmId', options: { wrongWfmId: true }, problem: 'wfm-id is "wfm-1-other"; expected "wfm-1" (ID-007)' },
  { defect: 'wrongPath', options: { wrongPath: true }, problem: 'path is "/margo/wfm/wfm-1/client/impostor"; expected the shape /margo/wfm/<wfm-id> (ID-007)' },
  { defect: 'noUriSan', options: { noUriSan: true }, problem: 'leaf has 0 URI SANs; an X.509-SVID has exactly one (ID-012)' },
  { defect: 'twoUriSans', options: { twoUriSans: true }, problem: 'leaf has 2 URI SANs; an X.509-SVID has exactly one (ID-012)' },
  { defect: 'caTrue', options: { caTrue: true }, problem: 'leaf has basicConstraints cA=true; an X.509-SVID leaf is not a CA (ID-012)' },
  { defect: 'keyCertSign', options: { keyCertSign: true }, problem: 'leaf keyUsage includes keyCertSign; an X.509-SVID leaf has neither (ID-012)' },
  { defect: 'leafOnly', options: { leafOnly: true }, problem: `leaf ${leaf('wfm-1')} is not issued by a trust bundle anchor and no intermediate was presented; a presenter sends leaf + intermediates (ID-011)` },
  { defect: 'rsa2048', options: { keyAlgorithm: 'rsa-2048' }, problem: 'leaf key is RSA 2048-bit; an X.509-SVID key is ECDSA P-256/P-384, Ed25519 or RSA >= 3072 bits (ID-013)' },
];

describe('SVID defect catalog', () => {
  const issuers = [
    ['client', clientCases],
    ['wfm', wfmCases],
  ] as const;
  it.each(issuers)('has exactly one %s case per applicable defect, citing the requirement it breaks', (issuer, cases) => {
    const rows = SVID_DEFECTS.filter((row) => row.issuers.includes(issuer));
    expect(cases.map((c) => c.defect).sort()).toEqual(rows.map((row) => row.defect).sort());
    for (const c of cases) expect(c.problem).toContain(`(${rows.find((row) => row.defect === c.defect)?.breaks})`);
  });
});

describe('verifyClientSvid on issueClient defects', () => {
  it('accepts the clean client SVID', async () => {
    const svid = await pki.issueClient('dev-1');
    expect(verifyClientSvid(svid.certPem, pki.bundlePem, verifyOptions)).toEqual({ spiffeId: 'spiffe://margo.test/margo/wfm/wfm-1/client/dev-1', clientId: 'dev-1' });
  });

  it.each(clientCases)('reports exactly one problem for $defect', async ({ options, problem }) => {
    const svid = await pki.issueClient('dev-1', options);
    expect(verifyClientSvid(svid.certPem, pki.bundlePem, verifyOptions)).toEqual({ problems: [problem] });
  });
});

describe('verifyWfmSvid on issueWfm defects', () => {
  it('accepts the clean WFM SVID', () => {
    expect(verifyWfmSvid(pki.wfm.certPem, pki.bundlePem, verifyOptions)).toEqual({ spiffeId: 'spiffe://margo.test/margo/wfm/wfm-1' });
  });

  it.each(wfmCases)('reports exactly one problem for $defect', async ({ options, problem }) => {
    const svid = await pki.issueWfm(options);
    expect(verifyWfmSvid(svid.certPem, pki.bundlePem, verifyOptions)).toEqual({ problems: [problem] });
  });
});

describe('verifySvid', () => {
  let clean: Svid;
  beforeAll(async () => {
    clean = await pki.issueClient('dev-1');
  });
  const spiffeId = 'spiffe://margo.test/margo/wfm/wfm-1/client/dev-1';

  const algorithms = ['ecdsa-p384', 'ed25519', 'rsa-3072'] as const;
  it.each(algorithms)('accepts a %s leaf (ID-013)', async (keyAlgorithm) => {
    const svid = await pki.issueClient('dev-1', { keyAlgorithm });
    expect(verifySvid(svid.certPem, pki.bundlePem, verifyOptions)).toEqual({ spiffeId });
  });

  const chains: Array<[string, () => string | Buffer[], { spiffeId: string } | { problems: string[] }]> = [
    ['accepts a DER list', () => decodePem(clean.certPem), { spiffeId }],
    ['accepts a chain that also carries the root', () => clean.certPem + pki.bundlePem, { spiffeId }],
    ['rejects an empty chain', () => [], { problems: ['no certificate was presented; an X.509-SVID chain starts with its leaf (ID-012)'] }],
    ['rejects bytes that are not a certificate', () => [Buffer.from('not a certificate')], { problems: ['presented certificate #1 is not a parsable X.509 certificate (ID-012)'] }],
    [
      'rejects a leaf whose signature was altered',
      () => {
        const [der, ...rest] = decodePem(clean.certPem);
        const forged = Buffer.from(der ?? []);
        forged[forged.length - 5] = (forged[forged.length - 5] ?? 0) ^ 0xff;
        return [forged, ...rest];
      },
      { problems: [`signature on ${leaf('dev-1')} does not verify with the key of "CN=margo.test intermediate CA, O=margo-conformance test PKI" (ID-012)`] },
    ],
  ];
  it.each(chains)('%s', (_title, chain, result) => {
    expect(verifySvid(chain(), pki.bundlePem, verifyOptions)).toEqual(result);
  });

  it('rejects a chain when the bundle holds only another trust domain root', () => {
    expect(verifySvid(clean.certPem, pki.foreign.bundlePem, verifyOptions)).toEqual({
      problems: [`"CN=margo.test intermediate CA, O=margo-conformance test PKI" is issued by ${ROOT}, which is neither a trust bundle anchor nor a presented CA certificate (ID-012)`],
    });
  });

  it('tolerates an expired leaf within the configured clock skew (ID-015)', async () => {
    const expired = await pki.issueClient('dev-1', { expired: true });
    const dayAndAMinute = 24 * 3600 + 60;
    expect(verifySvid(expired.certPem, pki.bundlePem, { ...verifyOptions, clockSkewSeconds: dayAndAMinute })).toEqual({ spiffeId });
  });

  it('rejects a URI SAN that is not a valid SPIFFE ID', async () => {
    const svid = await pki.issueClient('dev-1', { spiffeId: 'spiffe://margo.test/margo/wfm/wfm-1/client/../dev-1' });
    expect(verifySvid(svid.certPem, pki.bundlePem, verifyOptions)).toEqual({
      problems: ['leaf URI SAN "spiffe://margo.test/margo/wfm/wfm-1/client/../dev-1" is not a valid SPIFFE ID: the path has a ".." segment (ID-012)'],
    });
  });
});
