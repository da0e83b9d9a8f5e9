import type { IncomingMessage } from 'node:http';
import type { ApiContext, ApiRoute } from '../http/api-types.js';
import { apiError, type ApiError } from '../http/problem.js';
import { authenticateMtls } from './authenticate-mtls.js';
import { authenticateSignature, isSigned } from './authenticate-signature.js';

/** Authenticates a client route the way the edition table says (`api.auth`); returns the caller reference. */
export async function authenticateClient(
  req: IncomingMessage,
  route: ApiRoute,
  params: Record<string, string>,
  body: Buffer,
  context: ApiContext,
): Promise<{ caller: string } | ApiError> {
  const { edition, state, settings, faults } = context;
  if (edition.api.auth === 'mtls') return authenticateMtls(req, state, { ...settings, faults });

  // preview-1 (SIG-005, SIG-008, ERR-009): the clientId in the path names the key; unknown 404, revoked 403.
  const clientId = params['clientId'] ?? '';
  const client = state.client(clientId);
  if (!client?.certificatePem) return apiError({ status: 404, title: 'Not Found' }, `No client "${clientId}" is onboarded; onboard first.`);
  if (!client.accepted && !faults.has('revoked-client-accepted')) {
    return apiError({ status: 403, title: 'Forbidden' }, `Client "${clientId}" was revoked by the operator (SIG-008).`);
  }
  if (route.name === 'status' && !isSigned(req) && faults.has('accepts-unsigned-status')) return { caller: clientId };
  const verified = await authenticateSignature(req, body, client.certificatePem, { ...settings, faults });
  return verified === true ? { caller: clientId } : verified;
}
