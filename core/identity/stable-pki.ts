import 'reflect-metadata';
import { webcrypto, X509Certificate } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { issueCertificate, privateKeyPem, publicKeyPem, type Issued } from './issue-certificate.js';
import type { CaPair, Svid } from './issue-svid.js';
import { generateKeyPair } from './key-algorithm.js';
import { decodePem } from './pem.js';
import { UnsafeInputError, USER_FILE_LIMITS } from '../input/limits.js';
import { readFileBounded } from '../input/read-file-bounded.js';
import { clientSpiffeId, wfmSpiffeId } from './spiffe-id.js';
import { createTestPki, type TestPki } from './test-pki.js';

/**
 * The files a device started by hand is pointed at, named as the device-process launcher names them
 * (reference/device/README.md, launch contract): rc.3 `trust-bundle.pem`, `svid.pem`, `svid.key`;
 * preview-1 `wfm-ca.pem`, `client.pem`, `client.key`. A WFM the suite is pointed at (`run --target
 * --pki`) is configured with `wfm-svid.pem`, `wfm-svid.key` and, for client SVIDs, `trust-bundle.pem`.
 */
export const STABLE_PKI_FILES = {
  svid: { bundle: 'trust-bundle.pem', cert: 'svid.pem', key: 'svid.key' },
  signature: { wfmCa: 'wfm-ca.pem', cert: 'client.pem', key: 'client.key' },
  wfm: { cert: 'wfm-svid.pem', key: 'wfm-svid.key' },
} as const;

/** The CA keys stay in a private subdirectory: the mock needs them to issue its (defective) server identities. */
const CA_FILE = join('.ca', 'ca.json');
/** The client id in the device's SPIFFE ID and the CN of its preview-1 certificate. */
export const STABLE_CLIENT_ID = 'device-1';
const DAY = 86_400_000;
/** Long-lived on purpose: a device configured once can be re-tested for a year. */
const LIFETIME = 365 * DAY;
/** Material that expires sooner than this is generated again. */
const MIN_REMAINING = DAY;
const ORGANIZATION = 'O=margo-conformance test PKI';
const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const crypto = webcrypto as unknown as Crypto;

export interface StablePki {
  pki: TestPki;
  /** rc.3: the device's X.509-SVID. */
  svid: Svid;
  /** preview-1: the device's certificate and key. */
  client: { certPem: string; keyPem: string };
  /** Whether this call generated the material (false: it was already in the directory). */
  created: boolean;
}

interface StoredCa {
  subject: string;
  certPem: string;
  keyPem: string;
  publicKeyPem: string;
}
interface StoredPair {
  trustDomain: string;
  root: StoredCa;
  intermediate: StoredCa;
}
interface StoredPkis {
  trusted: StoredPair;
  foreign: StoredPair;
}

/**
 * The fixed PKI of attached mode (`--mock-wfm-pki DIR`) and of a WFM given by `--target` (`--pki DIR`,
 * `margo-conformance pki`): loaded from `dir` when it holds a complete, unexpired one, so a product
 * configured once can be tested again; generated and written otherwise. The WFM's SVID is kept too, so a
 * WFM configured with it keeps matching; a directory from before it was kept gets one added.
 */
export async function loadOrCreateStablePki(dir: string, now: Date = new Date()): Promise<StablePki> {
  const loaded = await loadStablePki(dir, now).catch(unlessRefused);
  if (loaded) {
    const { ca, ...kept } = loaded;
    return { ...kept, pki: { ...kept.pki, wfm: await loadOrWriteWfmSvid(dir, ca, kept.pki.wfmId, now) } };
  }
  const [trusted, foreign] = await Promise.all([createCa('margo.test', now), createCa('other.test', now)]);
  const pki = await createTestPki({ cas: { trusted, foreign } });
  const svid = await issueDeviceSvid(trusted, pki.wfmId, now);
  const wfm = await issueWfmSvid(trusted, pki.wfmId, now);
  const client = await issueDeviceCertificate(trusted, now);
  const stored: StoredPkis = { trusted: await storePair(trusted), foreign: await storePair(foreign) };
  await mkdir(join(dir, '.ca'), { recursive: true, mode: 0o700 });
  const files: [string, string, number][] = [
    [CA_FILE, `${JSON.stringify(stored, null, 2)}\n`, 0o600],
    [STABLE_PKI_FILES.svid.bundle, pki.bundlePem, 0o644],
    [STABLE_PKI_FILES.svid.cert, svid.certPem, 0o644],
    [STABLE_PKI_FILES.svid.key, svid.keyPem, 0o600],
    [STABLE_PKI_FILES.signature.wfmCa, pki.bundlePem, 0o644],
    [STABLE_PKI_FILES.signature.cert, client.certPem, 0o644],
    [STABLE_PKI_FILES.signature.key, client.keyPem, 0o600],
    [STABLE_PKI_FILES.wfm.cert, wfm.certPem, 0o644],
    [STABLE_PKI_FILES.wfm.key, wfm.keyPem, 0o600],
  ];
  for (const [name, content, mode] of files) {
    await writeFile(join(dir, name), content, { mode });
    await chmod(join(dir, name), mode);
  }
  return { pki: { ...pki, wfm }, svid, client, created: true };
}

/** The WFM SVID kept in `dir`, or a new one written there when the directory has none or it expires soon. */
async function loadOrWriteWfmSvid(dir: string, ca: CaPair, wfmId: string, now: Date): Promise<Svid> {
  const [certPem, keyPem] = await Promise.all([STABLE_PKI_FILES.wfm.cert, STABLE_PKI_FILES.wfm.key].map((name) => readPkiFile(dir, name).catch(unlessRefused)));
  const leaf = certPem ? new X509Certificate(certPem) : undefined;
  const spiffeId = leaf?.subjectAltName?.match(/URI:(spiffe:\/\/[^,\s]+)/)?.[1];
  if (leaf && keyPem && spiffeId && Date.parse(leaf.validTo) - now.getTime() > MIN_REMAINING) return { spiffeId, certPem: certPem as string, keyPem };
  const issued = await issueWfmSvid(ca, wfmId, now);
  await writeFile(join(dir, STABLE_PKI_FILES.wfm.cert), issued.certPem, { mode: 0o644 });
  await writeFile(join(dir, STABLE_PKI_FILES.wfm.key), issued.keyPem, { mode: 0o600 });
  await chmod(join(dir, STABLE_PKI_FILES.wfm.key), 0o600);
  return issued;
}

async function loadStablePki(dir: string, now: Date): Promise<(Omit<StablePki, 'created'> & { ca: CaPair; created: false }) | undefined> {
  const read = (name: string) => readPkiFile(dir, name);
  const stored = JSON.parse(await read(CA_FILE)) as StoredPkis;
  const [svidCert, svidKey, clientCert, clientKey] = await Promise.all([read(STABLE_PKI_FILES.svid.cert), read(STABLE_PKI_FILES.svid.key), read(STABLE_PKI_FILES.signature.cert), read(STABLE_PKI_FILES.signature.key)]);
  const fresh = [stored.trusted.root.certPem, stored.trusted.intermediate.certPem, svidCert, clientCert].every((pem) => Date.parse(new X509Certificate(pem).validTo) - now.getTime() > MIN_REMAINING);
  if (!fresh) return undefined;
  const trusted = await loadPair(stored.trusted);
  const pki = await createTestPki({ cas: { trusted, foreign: await loadPair(stored.foreign) } });
  const spiffeId = new X509Certificate(svidCert).subjectAltName?.match(/URI:(spiffe:\/\/[^,\s]+)/)?.[1];
  if (!spiffeId) return undefined;
  return { pki, ca: trusted, svid: { spiffeId, certPem: svidCert, keyPem: svidKey }, client: { certPem: clientCert, keyPem: clientKey }, created: false };
}

/** A file of the kept PKI, read bounded: a directory the user names must not make us read a huge file or a device. */
async function readPkiFile(dir: string, name: string): Promise<string> {
  return (await readFileBounded(join(dir, name), { limit: USER_FILE_LIMITS.pki, what: 'test PKI file' })).toString('utf8');
}

/** Missing or stale material is generated again; an over-limit file is refused, never overwritten. */
function unlessRefused(cause: unknown): undefined {
  if (cause instanceof UnsafeInputError) throw cause;
  return undefined;
}

async function createCa(trustDomain: string, now: Date): Promise<CaPair> {
  const notBefore = new Date(now.getTime() - DAY);
  const notAfter = new Date(now.getTime() + LIFETIME);
  const usage = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;
  const root = await issueCertificate({ subject: `CN=${trustDomain} root CA, ${ORGANIZATION}`, keys: await generateKeyPair('ecdsa-p256'), notBefore, notAfter, ca: true, keyUsage: usage });
  const intermediate = await issueCertificate({ subject: `CN=${trustDomain} intermediate CA, ${ORGANIZATION}`, keys: await generateKeyPair('ecdsa-p256'), issuer: root, notBefore, notAfter, ca: true, keyUsage: usage });
  return { trustDomain, root, intermediate };
}

/** The device's SVID for attached mode. */
function issueDeviceSvid(ca: CaPair, wfmId: string, now: Date): Promise<Svid> {
  return issueLongLivedSvid(ca, clientSpiffeId(ca.trustDomain, wfmId, STABLE_CLIENT_ID), STABLE_CLIENT_ID, now);
}

/** The WFM's own SVID, also a server certificate for localhost (preview-1 `--target`). */
function issueWfmSvid(ca: CaPair, wfmId: string, now: Date): Promise<Svid> {
  return issueLongLivedSvid(ca, wfmSpiffeId(ca.trustDomain, wfmId), wfmId, now, { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
}

/** An SVID (leaf and intermediate) as long-lived as the CAs: a product configured with it can be re-tested for a year. */
async function issueLongLivedSvid(ca: CaPair, spiffeId: string, commonName: string, now: Date, names: { dnsNames?: string[]; ips?: string[] } = {}): Promise<Svid> {
  const keys = await generateKeyPair('ecdsa-p256');
  const leaf = await issueCertificate({
    subject: `CN=${commonName}, ${ORGANIZATION}`,
    keys,
    issuer: ca.intermediate,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + LIFETIME),
    ca: false,
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    uris: [spiffeId],
    ...names,
    extendedKeyUsage: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
  });
  return { spiffeId, certPem: leaf.pem + ca.intermediate.pem, keyPem: await privateKeyPem(keys) };
}

async function issueDeviceCertificate(ca: CaPair, now: Date): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateKeyPair('ecdsa-p256');
  // Preview-1 onboarding carries one certificate, so the root issues it directly (as createTestPki does).
  const certificate = await issueCertificate({
    subject: `CN=${STABLE_CLIENT_ID}, ${ORGANIZATION}`,
    keys,
    issuer: ca.root,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + LIFETIME),
    ca: false,
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    extendedKeyUsage: [x509.ExtendedKeyUsage.clientAuth],
  });
  return { certPem: certificate.pem, keyPem: await privateKeyPem(keys) };
}

async function storePair(pair: CaPair): Promise<StoredPair> {
  const store = async (ca: Issued): Promise<StoredCa> => ({ subject: ca.subject, certPem: ca.pem, keyPem: await privateKeyPem(ca.keys), publicKeyPem: await publicKeyPem(ca.keys) });
  return { trustDomain: pair.trustDomain, root: await store(pair.root), intermediate: await store(pair.intermediate) };
}

async function loadPair(stored: StoredPair): Promise<CaPair> {
  const load = async (ca: StoredCa): Promise<Issued> => {
    const der = decodePem(ca.certPem)[0] as Buffer;
    const privateKey = await crypto.subtle.importKey('pkcs8', new Uint8Array(decodePem(ca.keyPem, 'PRIVATE KEY')[0] as Buffer), EC, true, ['sign']);
    const publicKey = await crypto.subtle.importKey('spki', new Uint8Array(decodePem(ca.publicKeyPem, 'PUBLIC KEY')[0] as Buffer), EC, true, ['verify']);
    return { der, pem: ca.certPem, subject: ca.subject, keys: { privateKey, publicKey } };
  };
  return { trustDomain: stored.trustDomain, root: await load(stored.root), intermediate: await load(stored.intermediate) };
}
