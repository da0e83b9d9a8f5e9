import { randomUUID, X509Certificate } from 'node:crypto';
import type { Edition } from '../../../core/catalog/editions.js';
import { authenticateSignature, isSigned } from '../auth/authenticate-signature.js';
import { isObject } from '../desired/application-description.js';
import { jsonResponse, type ApiContext, type ApiRequest, type ApiResponse, type ApiRoute } from '../http/api-types.js';
import { apiError, type ApiError } from '../http/problem.js';
import { readJsonBody } from '../validate/validate-body.js';
import { certificateFingerprint } from '../state/certificate-fingerprint.js';

/** preview-1 onboarding: the root CA (ONB-002) and the signed onboarding request (ONB-003..ONB-007). */
export function onboardingRoutes(edition: Edition): ApiRoute[] {
  const { onboarding, onboardingCertificate } = edition.api.paths;
  const routes: ApiRoute[] = [];
  if (onboardingCertificate) routes.push({ name: 'onboarding-certificate', method: 'GET', path: onboardingCertificate, auth: 'public', handle: getRootCertificate });
  if (onboarding) routes.push({ name: 'onboarding', method: 'POST', path: onboarding, auth: 'public', handle: onboard });
  return routes;
}

async function getRootCertificate(_request: ApiRequest, { settings, faults }: ApiContext): Promise<ApiResponse> {
  const encoded = Buffer.from(settings.caPem).toString('base64');
  // ONB-002: one line of Base64; the fault wraps it the way MIME encoders do.
  const certificate = faults.has('root-ca-with-line-breaks') ? (encoded.match(/.{1,64}/g) ?? []).join('\n') : encoded;
  return jsonResponse(200, { certificate });
}

const forbidden = (detail: string) => apiError({ status: 403, title: 'Forbidden' }, detail);
const badCertificate = (detail: string) => apiError({ status: 400, title: 'Bad Request' }, detail);

async function onboard({ req, body }: ApiRequest, context: ApiContext): Promise<ApiResponse | ApiError> {
  const { state, settings, faults } = context;
  const parsed = readJsonBody(req.headers['content-type'], body);
  if (!('value' in parsed)) return parsed;
  const request = parsed.value;
  // ONB-004: the OnboardingRequest envelope with a Base64 certificate.
  if (!isObject(request) || typeof request['apiVersion'] !== 'string' || request['kind'] !== 'OnboardingRequest' || typeof request['certificate'] !== 'string') {
    return badCertificate('The body must be {"apiVersion", "kind": "OnboardingRequest", "certificate": <Base64 PEM>} (ONB-004).');
  }
  const certificatePem = Buffer.from(request['certificate'], 'base64').toString('utf8');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return badCertificate('certificate is not a Base64-encoded PEM X.509 certificate (ONB-006).');
  }
  // ONB-003, ambiguity 8: proof of possession, the signature verifies with the submitted certificate's key.
  if (isSigned(req) || !faults.has('accepts-unsigned-onboarding')) {
    const verified = await authenticateSignature(req, body, certificate.publicKey.export({ type: 'spki', format: 'pem' }).toString(), { ...settings, faults });
    if (verified !== true) return verified;
  }
  const trustProblem = trustProblemOf(certificate, settings.caPem, settings.now(), faults.has('onboards-ca-certificate'));
  if (trustProblem) return forbidden(trustProblem);

  const fingerprint = certificate.fingerprint256;
  const onboarded = Object.values(state.data.clients).find((c) => c.certificatePem && certificateFingerprint(c.certificatePem) === fingerprint);
  if (onboarded) {
    if (!onboarded.accepted) return forbidden('This client certificate was revoked by the operator (ONB-006).');
    return jsonResponse(201, { clientId: onboarded.client });
  }
  const pending = state.data.pendingCertificates.findIndex((pem) => certificateFingerprint(pem) === fingerprint);
  if (pending === -1 && !faults.has('onboarding-auto-approves')) {
    return forbidden('The operator has not accepted this client certificate (ONB-006). Accept it in the WFM first.');
  }
  // API-007: a URL-safe client id of our own, a UUIDv4.
  const clientId = randomUUID();
  state.update((data) => {
    if (pending !== -1) data.pendingCertificates.splice(pending, 1);
  });
  state.acceptClient(clientId, certificatePem);
  return jsonResponse(201, { clientId });
}

/** ONB-006/ONB-007: issued directly by the onboarding CA, valid now, not a CA itself. */
function trustProblemOf(certificate: X509Certificate, caPem: string, now: number, caAllowed: boolean): string | undefined {
  if (certificate.ca && !caAllowed) return 'The client certificate is a CA certificate; onboard an end-entity certificate (ONB-007).';
  const validFrom = Date.parse(certificate.validFrom);
  const validTo = Date.parse(certificate.validTo);
  if (now < validFrom || now > validTo) return `The client certificate is not valid now (valid ${certificate.validFrom} to ${certificate.validTo}) (ONB-007).`;
  const anchors = caPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const trusted = anchors.some((pem) => {
    const ca = new X509Certificate(pem);
    return certificate.checkIssued(ca) && certificate.verify(ca.publicKey);
  });
  return trusted ? undefined : 'The client certificate is not issued by this WFM\'s onboarding CA (ONB-006).';
}
