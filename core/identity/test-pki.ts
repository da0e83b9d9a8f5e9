import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { issueCertificate, privateKeyPem, publicKeyPem } from './issue-certificate.js';
import { createCaPair, issueSvid, safeCommonName, validity, type CaPair, type Svid, type SvidDefectOptions } from './issue-svid.js';
import { generateKeyPair } from './key-algorithm.js';
import { issueClientSvids } from './issue-svid-batch.js';
import { spiffeBundle, type SpiffeBundle, type SpiffeBundleOptions } from './spiffe-bundle.js';
import { clientSpiffeId, wfmSpiffeId } from './spiffe-id.js';

export interface TestPkiOptions {
  /** @default 'margo.test' */
  trustDomain?: string;
  /** @default 'wfm-1' */
  wfmId?: string;
  /** Fixed issuing time. @default the current time at each issuance */
  now?: Date;
  /** Existing CAs (a PKI kept on disk for a device started by hand); their trust domains win. @default fresh CAs */
  cas?: { trusted: CaPair; foreign: CaPair };
}

export interface ClientSvidOptions extends SvidDefectOptions {
  /** SPIFFE ID under another wfm-id of the same trust domain (ID-005). */
  otherWfmId?: boolean;
}

export interface WfmSvidOptions extends SvidDefectOptions {
  /** `spiffe://<td>/margo/wfm/<other-wfm-id>` (ID-007). */
  wrongWfmId?: boolean;
  /** The wfm-id in upper case, `spiffe://<td>/margo/wfm/WFM-1`: equal only to a comparison that ignores case (ID-008). */
  upperCaseWfmId?: boolean;
  /** A client-shaped ID, `.../margo/wfm/<wfm-id>/client/impostor`, as if a client SVID served the WFM (ID-007). */
  wrongPath?: boolean;
}

/** Preview-1 client certificate for RFC 9421 signatures and onboarding; no SPIFFE ID. */
export interface ClientCertificateOptions {
  /** `rsa-2048` keys sign with both RSASSA-PKCS1-v1_5 and RSA-PSS. @default 'ecdsa-p256' */
  keyAlgorithm?: 'ecdsa-p256' | 'ecdsa-p384' | 'rsa-2048';
  /** Validity ended a day ago. */
  expired?: boolean;
  /** Issued by the foreign root instead of this PKI's root. */
  foreign?: boolean;
  /**
   * A CA certificate offered as a client's (ONB-007): basicConstraints cA=true with keyCertSign beside digitalSignature,
   * a CA both by RFC 5280 and by OpenSSL's X509_check_ca (which ignores cA=true without keyCertSign); nothing else differs.
   */
  caTrue?: boolean;
}

export interface ClientCertificate {
  /** The leaf alone, issued directly by the root. */
  certPem: string;
  /** PKCS#8 PEM. */
  keyPem: string;
  /** SubjectPublicKeyInfo PEM. */
  publicKeyPem: string;
}

/** `/.well-known/margo` body (TB-003). */
export interface TrustDiscoveryDocument {
  trustDomain: string;
  trustBundleUri: string;
}

export interface TestPki {
  trustDomain: string;
  wfmId: string;
  /** Trust anchors as PEM: the root CA. */
  bundlePem: string;
  /** The intermediate CA that issues every leaf. */
  intermediatePem: string;
  /** The unrelated CA behind `foreignTrustDomain`, `foreignCa` and `foreign`. */
  foreign: { trustDomain: string; bundlePem: string };
  /** The WFM's clean SVID, with DNS SAN `localhost` and IP SAN 127.0.0.1 for plain TLS name checks. */
  wfm: Svid;
  issueClient(clientId: string, options?: ClientSvidOptions): Promise<Svid>;
  /** Clean client SVIDs for many clients at once (each with its own key), fast enough for a simulated fleet. */
  issueClients(clientIds: readonly string[]): Svid[];
  issueWfm(options?: WfmSvidOptions): Promise<Svid>;
  issueClientCertificate(commonName: string, options?: ClientCertificateOptions): Promise<ClientCertificate>;
  spiffeBundle(options?: SpiffeBundleOptions): SpiffeBundle;
  discoveryDocument(trustBundleUri: string): TrustDiscoveryDocument;
}

const WFM_DNS_NAMES = ['localhost'];
const WFM_IPS = ['127.0.0.1'];

/** Generates, in memory, a trust domain's CAs, the WFM's SVID and issuers for client material (ECDSA P-256, ID-013). */
export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const trustDomain = options.cas?.trusted.trustDomain ?? options.trustDomain ?? 'margo.test';
  const wfmId = options.wfmId ?? 'wfm-1';
  const foreignTrustDomain = options.cas?.foreign.trustDomain ?? (trustDomain === 'other.test' ? 'another.test' : 'other.test');
  const clock = () => options.now ?? new Date();
  const [trusted, foreign] = options.cas ? [options.cas.trusted, options.cas.foreign] : await Promise.all([createCaPair(trustDomain, clock()), createCaPair(foreignTrustDomain, clock())]);

  const issueWfm = (wfmOptions: WfmSvidOptions = {}): Promise<Svid> => {
    const presentedWfmId = wfmOptions.wrongWfmId ? `${wfmId}-other` : wfmOptions.upperCaseWfmId ? wfmId.toUpperCase() : wfmId;
    const spiffeId = wfmOptions.wrongPath ? clientSpiffeId(trustDomain, wfmId, 'impostor') : wfmSpiffeId(trustDomain, presentedWfmId);
    return issueSvid(trusted, foreign, {
      spiffeId,
      foreignSpiffeId: wfmSpiffeId(foreignTrustDomain, wfmId),
      commonName: presentedWfmId,
      now: clock(),
      dnsNames: WFM_DNS_NAMES,
      ips: WFM_IPS,
      defects: wfmOptions,
    });
  };

  const issueClient = (clientId: string, clientOptions: ClientSvidOptions = {}): Promise<Svid> => {
    const ownerWfmId = clientOptions.otherWfmId ? `${wfmId}-other` : wfmId;
    const derive = (td: string) => (clientOptions.spiffeId === undefined ? clientSpiffeId(td, ownerWfmId, clientId) : clientOptions.spiffeId);
    return issueSvid(trusted, foreign, {
      spiffeId: derive(trustDomain),
      foreignSpiffeId: derive(foreignTrustDomain),
      commonName: clientId,
      now: clock(),
      defects: clientOptions,
    });
  };

  const wfm = await issueWfm();
  return {
    trustDomain,
    wfmId,
    bundlePem: trusted.root.pem,
    intermediatePem: trusted.intermediate.pem,
    foreign: { trustDomain: foreignTrustDomain, bundlePem: foreign.root.pem },
    wfm,
    issueClient,
    issueClients: (clientIds) => issueClientSvids(trusted, clientIds.map((clientId) => ({ spiffeId: clientSpiffeId(trustDomain, wfmId, clientId), commonName: clientId })), clock()),
    issueWfm,
    issueClientCertificate: (commonName, certOptions = {}) => issueClientCertificate(certOptions.foreign ? foreign : trusted, commonName, clock(), certOptions),
    spiffeBundle: (bundleOptions) => spiffeBundle(trusted.root.pem, bundleOptions),
    discoveryDocument: (trustBundleUri) => ({ trustDomain, trustBundleUri }),
  };
}

async function issueClientCertificate(ca: CaPair, commonName: string, now: Date, options: ClientCertificateOptions): Promise<ClientCertificate> {
  const keys = await generateKeyPair(options.keyAlgorithm ?? 'ecdsa-p256');
  // Preview-1 onboarding carries one certificate, so the root issues it directly.
  const certificate = await issueCertificate({
    subject: `CN=${safeCommonName(commonName)}, O=margo-conformance test PKI`,
    keys,
    issuer: ca.root,
    ...validity(now, options),
    ca: options.caTrue === true,
    keyUsage: options.caTrue ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature,
    extendedKeyUsage: [x509.ExtendedKeyUsage.clientAuth],
  });
  return { certPem: certificate.pem, keyPem: await privateKeyPem(keys), publicKeyPem: await publicKeyPem(keys) };
}
