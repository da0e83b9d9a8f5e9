import { constants } from 'node:crypto';

/** One signature algorithm a Margo WFM must accept (SIG-004), as node:crypto needs it. */
export interface SignatureAlgorithmSpec<Name extends string = SignatureAlgorithm> {
  /** The RFC 9421 `alg` parameter value. */
  readonly name: Name;
  /** Who defines the algorithm. */
  readonly source: 'RFC 9421' | 'Margo';
  /** The node:crypto `asymmetricKeyType` values the key may have. */
  readonly keyTypes: readonly ('ec' | 'rsa' | 'rsa-pss')[];
  /** The EC curve, as node:crypto names it in `asymmetricKeyDetails.namedCurve`; absent for RSA. */
  readonly namedCurve: 'prime256v1' | 'secp384r1' | undefined;
  /** The digest given to node:crypto `sign`/`verify`. */
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  /** Further node:crypto `sign`/`verify` key options. */
  readonly options: {
    readonly padding?: number;
    readonly saltLength?: number;
    readonly dsaEncoding?: 'ieee-p1363';
  };
  /** Whether a verifier picks this algorithm for a matching key when the signature names no `alg`. */
  readonly impliedByKey: boolean;
}

const ROWS = [
  // ECDSA signatures are the raw r||s (IEEE P1363) form, not DER (RFC 9421 §3.3.4; ambiguity 4).
  {
    name: 'ecdsa-p256-sha256',
    source: 'RFC 9421',
    keyTypes: ['ec'],
    namedCurve: 'prime256v1',
    hash: 'sha256',
    options: { dsaEncoding: 'ieee-p1363' },
    impliedByKey: true,
  },
  {
    name: 'ecdsa-p384-sha384',
    source: 'RFC 9421',
    keyTypes: ['ec'],
    namedCurve: 'secp384r1',
    hash: 'sha384',
    options: { dsaEncoding: 'ieee-p1363' },
    impliedByKey: true,
  },
  // An RSA key alone implies PKCS#1 v1.5: the PSS rows need `alg` or a key registered for them.
  {
    name: 'rsa-v1_5-sha256',
    source: 'RFC 9421',
    keyTypes: ['rsa'],
    namedCurve: undefined,
    hash: 'sha256',
    options: { padding: constants.RSA_PKCS1_PADDING },
    impliedByKey: true,
  },
  // Margo addition (SIG-004, ambiguity 5): RFC 9421 registers no rsa-pss-sha256. Our reading:
  // RSASSA-PSS with SHA-256, MGF1-SHA-256 (OpenSSL uses the signature digest for MGF1) and a
  // 32-byte salt, by analogy with rsa-pss-sha512's hash-length salt.
  {
    name: 'rsa-pss-sha256',
    source: 'Margo',
    keyTypes: ['rsa', 'rsa-pss'],
    namedCurve: undefined,
    hash: 'sha256',
    options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
    impliedByKey: false,
  },
  // RFC 9421 §3.3.1: SHA-512, MGF1-SHA-512, 64-byte salt.
  {
    name: 'rsa-pss-sha512',
    source: 'RFC 9421',
    keyTypes: ['rsa', 'rsa-pss'],
    namedCurve: undefined,
    hash: 'sha512',
    options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 },
    impliedByKey: false,
  },
] as const satisfies readonly SignatureAlgorithmSpec<string>[];

/** An `alg` value this kit signs and verifies. */
export type SignatureAlgorithm = (typeof ROWS)[number]['name'];

/** The algorithms a WFM must support (SIG-004) plus RFC 9421's rsa-pss-sha512, in preference order. */
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithmSpec[] = ROWS;
