import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { bundleToJSON, type Bundle } from '@sigstore/bundle';
import { DSSEBundleBuilder, type Signature, type Signer } from '@sigstore/sign';

/** The in-toto payload type of the DSSE envelope. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The predicate type of a margo-conformance certification result. */
export const CERTIFICATION_PREDICATE_TYPE = 'https://margo.org/conformance/certification-result/v1';

export interface InTotoStatement {
  _type: 'https://in-toto.io/Statement/v1';
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: string;
  predicate: Record<string, unknown>;
}

/** A signing key the lab holds (PEM, ECDSA P-256 or Ed25519) or one generated for the run. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** Key hint in the Sigstore bundle: the SHA-256 of the public key's SPKI DER, hex. */
  hint: string;
  generated: boolean;
}

export class SigningKeyError extends Error {}

export function loadSigningKey(pem: string, where: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new SigningKeyError(`${where}: not a PEM private key. Give an ECDSA P-256 or Ed25519 private key (openssl genpkey -algorithm ed25519).`);
  }
  const type = privateKey.asymmetricKeyType;
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (!(type === 'ed25519' || (type === 'ec' && curve === 'prime256v1'))) {
    throw new SigningKeyError(`${where}: a ${type}${curve ? ` ${curve}` : ''} key; only ECDSA P-256 and Ed25519 keys are accepted.`);
  }
  return withPublicHalf(privateKey, false);
}

export function generateSigningKey(): SigningKey {
  return withPublicHalf(generateKeyPairSync('ed25519').privateKey, true);
}

function withPublicHalf(privateKey: KeyObject, generated: boolean): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), hint: createHash('sha256').update(der).digest('hex'), generated };
}

/** A sigstore-js Signer over a local key: no Fulcio, no Rekor, no network. */
function localSigner(key: SigningKey): Signer {
  return {
    async sign(data: Buffer): Promise<Signature> {
      // Ed25519 signs the message itself; ECDSA signs its SHA-256 (DER-encoded signature, as Sigstore expects).
      const algorithm = key.privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
      return { signature: sign(algorithm, data, key.privateKey), key: { $case: 'publicKey', publicKey: key.publicKeyPem, hint: key.hint } };
    },
  };
}

/** Signs the statement: a DSSE envelope packed as a key-based Sigstore bundle with no witnesses. Returns its JSON text. */
export async function signStatement(statement: InTotoStatement, key: SigningKey): Promise<string> {
  const builder = new DSSEBundleBuilder({ signer: localSigner(key), witnesses: [] });
  const bundle: Bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE });
  return JSON.stringify(bundleToJSON(bundle), null, 2) + '\n';
}
