import { X509Certificate } from 'node:crypto';
import type { Edition } from '../../core/catalog/editions.js';
import { validateBody, type BodyKind } from '../../core/api-bodies/validate-body.js';
import { signatureProblems } from './signature-problems.js';
import type { DeviceRequest, RequestProblem } from './traffic-log.js';

/** What the mock knows about one request when it judges it. */
export interface JudgedRequest extends DeviceRequest {
  edition: Edition;
  /** Absolute URI the client addressed. */
  targetUri: string;
  /** DER certificates the client presented, leaf first (rc.3). */
  clientChain: Buffer[];
  /** preview-1: the public key of the onboarded certificate, or of the one being onboarded. */
  signingKeyPem?: string;
  nowSeconds: number;
}

/** JSON bodies by the engine route that receives them, as `$defs` names of our schemas (API-008). */
const BODY_KINDS: Record<string, BodyKind> = {
  capabilities: 'DeviceCapabilitiesManifest',
  status: 'DeploymentStatusManifest',
  onboarding: 'OnboardingRequest',
};

/** The row that asks for TLS 1.3, by the edition's authentication scheme (ID-010 in rc.3, API-006 in preview-1). */
const TLS_ROW: Record<Edition['api']['auth'], string> = { mtls: 'ID-010', 'http-signatures': 'API-006' };

/** preview-1 rows that require the signature on one kind of request, beside SIG-003 (CAP-003, ST-002). */
const SIGNED_ROUTES: Record<string, string> = { capabilities: 'CAP-003', status: 'ST-002' };

/**
 * Everything wrong with one device request, each with its catalog row: the path and method exist in the
 * edition (API-001), HTTP/1.1 (API-002), a JSON body that matches our schema for the edition (the
 * schema's `x-requirement`, else API-008), and the edition's authentication: RFC 9421 signatures
 * (preview-1, SIG-001..003) or an X.509-SVID presented with its intermediates under /margo/ (rc.3,
 * ID-009, ID-011).
 */
export async function requestProblems(request: JudgedRequest): Promise<RequestProblem[]> {
  const problems: RequestProblem[] = [];
  if (request.route === undefined) problems.push({ requirement: 'API-001', message: `requests ${request.method} ${request.path}, which the edition's API does not define` });
  if (request.tlsProtocol !== 'TLSv1.3') problems.push({ requirement: TLS_ROW[request.edition.api.auth], message: `connected with ${request.tlsProtocol ?? 'no TLS'}; expected TLS 1.3, which the WFM offered` });
  if (request.httpVersion !== '1.1') problems.push({ requirement: 'API-002', message: `speaks HTTP/${request.httpVersion}; expected HTTP/1.1` });
  const kind = request.route ? BODY_KINDS[request.route] : undefined;
  if (kind && request.method !== 'DELETE') problems.push(...bodyProblems(request, kind));
  if (request.edition.api.auth === 'http-signatures' && request.route !== 'onboarding-certificate' && request.route !== undefined && request.signingKeyPem) {
    const signature = await signatureProblems({ method: request.method, url: request.targetUri, headers: request.headers, body: request.body }, request.signingKeyPem, request.nowSeconds);
    problems.push(...signature);
    const routeRow = SIGNED_ROUTES[request.route];
    if (routeRow && request.headers['signature'] === undefined) problems.push({ requirement: routeRow, message: `sends a ${request.route} request without an RFC 9421 signature` });
  }
  if (request.edition.api.auth === 'mtls' && request.route !== undefined && !request.route.startsWith('trust-')) problems.push(...svidProblems(request.clientChain));
  return problems;
}

function bodyProblems(request: JudgedRequest, kind: BodyKind): RequestProblem[] {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return [{ requirement: 'API-008', message: `sends Content-Type "${request.headers['content-type'] ?? ''}"; expected application/json` }];
  if (request.json === undefined) return [{ requirement: 'API-008', message: 'sends a body that is not JSON' }];
  return validateBody(request.edition, kind, request.json).map((p) => ({ requirement: p.requirement, message: `${kind} ${p.pointer} ${p.problem}` }));
}

function svidProblems(chain: Buffer[]): RequestProblem[] {
  const [leaf] = chain;
  if (!leaf) return [{ requirement: 'ID-011', message: 'presents no client X.509-SVID' }];
  const problems: RequestProblem[] = [];
  if (chain.length < 2) problems.push({ requirement: 'ID-011', message: 'presents its leaf SVID without the intermediate CA' });
  const uri = /URI:([^,\s]+)/.exec(new X509Certificate(leaf).subjectAltName ?? '')?.[1] ?? '';
  if (!/^spiffe:\/\/[^/]+\/margo\//.test(uri)) problems.push({ requirement: 'ID-009', message: `presents SPIFFE ID "${uri}", whose path does not start with /margo/` });
  return problems;
}
