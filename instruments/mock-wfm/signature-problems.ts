import { checkContentDigest } from '../../core/http-signatures/check-content-digest.js';
import { describeSignatureInput, verifyRequest } from '../../core/http-signatures/index.js';
import type { RequestProblem } from './traffic-log.js';

export interface SignedRequest {
  method: string;
  /** Absolute target URI as the client addressed it. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * preview-1 request signing, one problem per broken rule (SIG-001..SIG-003): Content-Digest over the raw
 * body bytes, a `sig1` signature with `created` and `keyid` covering `@method`, `@target-uri` and (with a
 * body) `content-digest`, made with the key of the device's certificate. Body-less requests need no
 * Content-Digest (SIG-001 note). A signature that verifies cryptographically over what it covers is not
 * blamed again for what it fails to cover.
 */
export async function signatureProblems(request: SignedRequest, publicKeyPem: string, nowSeconds: number): Promise<RequestProblem[]> {
  const problems: RequestProblem[] = [];
  const hasBody = request.body.length > 0;
  const digestFailure = checkContentDigest(request.headers['content-digest'], request.body);
  const digestOk = digestFailure === undefined;
  if (digestFailure) problems.push({ requirement: 'SIG-001', message: digestFailure.message.replace(/ \(SIG-007\)/, '') });

  const input = request.headers['signature-input'];
  if (input === undefined || request.headers['signature'] === undefined) {
    problems.push({ requirement: 'SIG-003', message: 'carries no Signature and Signature-Input' });
    return problems;
  }
  let described;
  try {
    described = describeSignatureInput(input);
  } catch (cause) {
    problems.push({ requirement: 'SIG-003', message: (cause as Error).message });
    return problems;
  }
  const sig1 = described.find((signature) => signature.label === 'sig1');
  if (!sig1) {
    problems.push({ requirement: 'SIG-003', message: `labels its signature ${described.map((s) => s.label).join(', ')}; expected sig1` });
    return problems;
  }
  if (sig1.created === undefined || sig1.keyid === undefined) problems.push({ requirement: 'SIG-003', message: `Signature-Input sig1 has no ${sig1.created === undefined ? 'created' : 'keyid'} parameter` });
  const required = ['@method', '@target-uri', ...(hasBody ? ['content-digest'] : [])];
  const missing = required.filter((component) => !sig1.components.includes(component));
  if (missing.length > 0) problems.push({ requirement: 'SIG-002', message: `signature covers (${sig1.components.join(' ')}) but not ${missing.join(', ')}` });
  if (problems.some((p) => p.requirement === 'SIG-003')) return problems;

  const verified = await verifyRequest(
    { method: request.method, url: request.url, headers: request.headers, ...(digestOk && hasBody ? { body: request.body } : {}) },
    { lookupKey: () => ({ publicKeyPem }), now: nowSeconds, requiredComponents: ['@method'] },
  );
  if (!verified.ok && verified.code !== 'missing-content-digest' && verified.code !== 'content-digest-mismatch') {
    problems.push({ requirement: 'SIG-003', message: `signature does not verify with the device certificate's key: ${verified.message}` });
  }
  return problems;
}
