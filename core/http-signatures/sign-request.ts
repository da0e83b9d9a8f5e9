import { createPrivateKey, sign } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import { contentDigest } from './content-digest.js';
import { keyMatchesAlgorithm } from './key-matches-algorithm.js';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './signature-algorithms.js';

/** The request to sign. `url` is the absolute target URI exactly as it will be sent. */
export interface SignableRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface RequestSigner {
  privateKeyPem: string;
  /** The `keyid` parameter; our reading is `keyIdOf(publicKeyPem)` (ambiguity 4). */
  keyId: string;
  algorithm: SignatureAlgorithm;
}

export interface SignRequestOptions {
  /**
   * The `created` parameter, Unix seconds.
   * @default the current time
   */
  created?: number;
  /**
   * Covered components, to craft broken requests (e.g. without `@target-uri`, or `Content-Digest`
   * upper-cased).
   * @default ["@method", "@target-uri", "content-digest"] with a body, ["@method", "@target-uri"] without
   */
  components?: string[];
  /**
   * Whether to send the `alg` parameter.
   * @default true for algorithms a verifier cannot infer from the key (rsa-pss-*), else false
   */
  includeAlg?: boolean;
}

/** The label Margo's examples use (SIG-003). */
const LABEL = 'sig1';

/**
 * Signs a request per Margo's RFC 9421 profile (SIG-001..SIG-003) and returns the fields to add:
 * `content-digest` (only with a non-empty body), `signature-input` and `signature`.
 */
export async function signRequest(
  request: SignableRequest,
  signer: RequestSigner,
  options: SignRequestOptions = {},
): Promise<Record<string, string>> {
  const algorithm = SIGNATURE_ALGORITHMS.find((row) => row.name === signer.algorithm);
  if (algorithm === undefined) throw new Error(`Signing algorithm "${signer.algorithm}" is not in SIGNATURE_ALGORITHMS.`);
  const privateKey = createPrivateKey(signer.privateKeyPem);
  if (!keyMatchesAlgorithm(privateKey, algorithm)) {
    throw new Error(`Signing key is ${privateKey.asymmetricKeyType} but ${algorithm.name} needs ${algorithm.keyTypes.join(' or ')}${algorithm.namedCurve === undefined ? '' : ` on ${algorithm.namedCurve}`}.`);
  }
  // Reading for ambiguity 4: a body-less request (GET) carries and covers no Content-Digest.
  const hasBody = request.body !== undefined && request.body.byteLength > 0;
  const added: Record<string, string> = hasBody ? { 'content-digest': contentDigest(request.body!) } : {};
  const headers = { ...withoutFields(request.headers, ['signature', 'signature-input', ...Object.keys(added)]), ...added };
  // SIG-002: lower-case field names as RFC 9421 §2.1 requires, not the spec example's "Content-Digest" (ambiguity 6).
  const components = options.components ?? (hasBody ? ['@method', '@target-uri', 'content-digest'] : ['@method', '@target-uri']);
  const includeAlg = options.includeAlg ?? !algorithm.impliedByKey;
  const signed = await httpbis.signMessage(
    {
      key: {
        id: signer.keyId,
        alg: algorithm.name,
        sign: async (base) => sign(algorithm.hash, base, { key: privateKey, ...algorithm.options }),
      },
      name: LABEL,
      fields: components,
      params: includeAlg ? ['created', 'keyid', 'alg'] : ['created', 'keyid'],
      paramValues: { created: new Date((options.created ?? Math.floor(Date.now() / 1000)) * 1000) },
    },
    { method: request.method, url: request.url, headers },
  );
  return {
    ...added,
    'signature-input': fieldOf(signed.headers, 'signature-input'),
    signature: fieldOf(signed.headers, 'signature'),
  };
}

// Re-signing replaces an earlier signature instead of appending a second label.
function withoutFields(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

function fieldOf(headers: Record<string, string | string[]>, name: string): string {
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  if (typeof value !== 'string') throw new Error(`http-message-signatures returned no ${name} field.`);
  return value;
}
