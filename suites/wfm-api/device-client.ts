import { X509Certificate } from 'node:crypto';
import type { Edition } from '../../core/catalog/editions.js';
import type { HttpClient, HttpResponse, TlsIdentity } from '../../core/http/index.js';
import { keyIdOf, signRequest, type RequestSigner } from '../../core/http-signatures/index.js';
import { wfmServerIdentity, type TestPki } from '../../core/identity/index.js';
import { apiFacts } from '../../core/protocol/api-facts.js';
import type { ControlClient } from './control-client.js';
import type { ApiCall, DeviceClient, Endpoint, NewClientOptions } from './context.js';

export interface DeviceClientFactoryOptions {
  edition: Edition;
  url: string;
  http: HttpClient;
  control: ControlClient;
  pki: TestPki;
  runId: string;
}

/** Onboarding failed: the checks that need a client cannot run (an `error`, unless a check expects it). */
export class OnboardingError extends Error {
  readonly response: HttpResponse;
  constructor(response: HttpResponse) {
    super(`POST ${new URL(response.exchange.request.url).pathname} answered ${response.status}; expected 201 with a clientId`);
    this.name = 'OnboardingError';
    this.response = response;
  }
}

/** Builds `newClient` for the context: rc.3 clients hold an X.509-SVID, preview-1 clients a signing certificate. */
export function createClientFactory(options: DeviceClientFactoryOptions): (name: string, clientOptions?: NewClientOptions) => Promise<DeviceClient> {
  const { edition, pki, control } = options;
  // The WFM's identity is checked on every connection: rc.3 its SPIFFE ID (ID-007), preview-1 the server name.
  const serverTrust: TlsIdentity = {
    caPem: pki.bundlePem,
    ...(edition.api.auth === 'mtls' ? { checkServerIdentity: wfmServerIdentity({ trustDomain: pki.trustDomain, wfmId: pki.wfmId }) } : {}),
  };
  return async (name, clientOptions = {}) => {
    const accept = clientOptions.accept ?? true;
    const unique = `${options.runId}-${name}`.replace(/[^A-Za-z0-9._-]/g, '-');
    if (edition.api.auth === 'mtls') {
      const svid = await pki.issueClient(unique, clientOptions.svid ?? {});
      const identity: TlsIdentity = { ...serverTrust, certPem: svid.certPem, keyPem: svid.keyPem };
      if (accept) await control.acceptClient({ spiffeId: svid.spiffeId });
      return makeClient({ ...options, name, ref: svid.spiffeId, spiffeId: svid.spiffeId, certPem: svid.certPem, identity });
    }
    const certificate = await pki.issueClientCertificate(unique, clientOptions.certificate ?? {});
    const signer: RequestSigner = { privateKeyPem: certificate.keyPem, keyId: keyIdOf(certificate.publicKeyPem), algorithm: algorithmOf(certificate.certPem) };
    const draft = makeClient({ ...options, name, ref: unique, certPem: certificate.certPem, identity: serverTrust, signer });
    if (accept) await control.acceptClient({ certificatePem: certificate.certPem });
    if (!accept || clientOptions.onboard === false) return draft;
    const response = await onboard(draft, edition);
    if (response.status !== 201 || !hasClientId(response)) throw new OnboardingError(response);
    const clientId = (JSON.parse(response.body.toString('utf8')) as { clientId: string }).clientId;
    return makeClient({ ...options, name, ref: clientId, clientId, certPem: certificate.certPem, identity: serverTrust, signer });
  };
}

/** `POST /api/v1/onboarding` with the client's certificate, signed with its key (ONB-003, ONB-004); `overrides` craft bad ones. */
export function onboard(client: DeviceClient, edition: Edition, overrides: Partial<ApiCall> = {}): Promise<HttpResponse> {
  return client.call({ method: 'POST', endpoint: 'onboarding', json: onboardingBody(client.certPem, edition), ...overrides });
}

/** Our reading of ONB-004: `certificate` is the Base64 of the PEM text, like the root CA of ONB-002. */
export function onboardingBody(certPem: string, edition: Edition): Record<string, unknown> {
  return { apiVersion: apiFacts(edition).onboardingApiVersion, kind: 'OnboardingRequest', certificate: Buffer.from(certPem, 'utf8').toString('base64') };
}

function hasClientId(response: HttpResponse): boolean {
  try {
    return typeof (JSON.parse(response.body.toString('utf8')) as { clientId?: unknown }).clientId === 'string';
  } catch {
    return false;
  }
}

function algorithmOf(certPem: string): RequestSigner['algorithm'] {
  const key = new X509Certificate(certPem).publicKey;
  if (key.asymmetricKeyType === 'rsa') return 'rsa-v1_5-sha256';
  return key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'ecdsa-p384-sha384' : 'ecdsa-p256-sha256';
}

interface ClientParts extends DeviceClientFactoryOptions {
  name: string;
  ref: string;
  clientId?: string;
  spiffeId?: string;
  certPem: string;
  identity: TlsIdentity;
  signer?: RequestSigner;
}

function makeClient(parts: ClientParts): DeviceClient {
  const { edition, http } = parts;
  const url = (endpoint: Endpoint, params: Record<string, string> = {}) => {
    const template = edition.api.paths[endpoint];
    if (template === undefined) throw new Error(`the ${edition.id} management API has no ${endpoint} endpoint`);
    const values: Record<string, string> = { clientId: parts.clientId ?? '', ...params };
    return `${parts.url}${template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? `{${key}}`)}`;
  };
  const client: DeviceClient = {
    name: parts.name,
    ref: parts.ref,
    ...(parts.clientId ? { clientId: parts.clientId } : {}),
    ...(parts.spiffeId ? { spiffeId: parts.spiffeId } : {}),
    certPem: parts.certPem,
    identity: parts.identity,
    ...(parts.signer ? { signer: parts.signer } : {}),
    url,
    async call(call) {
      const target = call.path !== undefined ? `${parts.url}${call.path}` : url(call.endpoint ?? 'deployments', call.params);
      const body = call.json !== undefined ? Buffer.from(JSON.stringify(call.json), 'utf8') : typeof call.body === 'string' ? Buffer.from(call.body, 'utf8') : call.body;
      let headers: Record<string, string> = {
        ...(call.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...lowerCase(call.headers ?? {}),
      };
      const signing = call.signing ?? 'sign';
      if (edition.api.auth === 'http-signatures' && signing !== 'none' && parts.signer) {
        const custom = typeof signing === 'object' ? signing : {};
        const signed = await signRequest(
          { method: call.method, url: target, headers, ...((custom.signedBody ?? body) ? { body: custom.signedBody ?? body } : {}) },
          custom.signer ?? parts.signer,
          custom.options ?? {},
        );
        headers = { ...headers, ...signed };
        if (custom.alter) headers = custom.alter(headers);
      }
      return http.request({ method: call.method, url: target, headers, ...(body ? { body } : {}), identity: call.identity ?? parts.identity });
    },
  };
  return client;
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
