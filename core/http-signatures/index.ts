// RFC 9421 HTTP Message Signatures as Margo's PR1..rc.2 profile uses them (SIG-001..SIG-007).
export { SIGNATURE_ALGORITHMS, type SignatureAlgorithm, type SignatureAlgorithmSpec } from './signature-algorithms.js';
export { contentDigest } from './content-digest.js';
export { keyIdOf } from './key-id-of.js';
export { signRequest, type SignableRequest, type RequestSigner, type SignRequestOptions } from './sign-request.js';
export { verifyRequest, type VerifiableRequest, type VerifyingKeyEntry, type VerifyRequestOptions, type VerifyResult } from './verify-request.js';
export { VERIFY_FAILURE_STATUS, type VerifyFailure, type VerifyFailureCode } from './verify-failure.js';
export { describeSignatureInput, type SignatureInputDescription } from './describe-signature-input.js';
