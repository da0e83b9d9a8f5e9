import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { IN_TOTO_PAYLOAD_TYPE, type InTotoStatement } from './sign-statement.js';

/**
 * Checks a key-based Sigstore bundle offline against the lab's public key (no transparency log, no timestamp
 * authority: thresholds 0) and returns the in-toto statement it carries; throws one line when it does not hold.
 */
export function verifySignedStatement(bundleJson: string, publicKeyPem: string): InTotoStatement {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(publicKeyPem);
  } catch {
    throw new Error('the --key file is not a PEM public key');
  }
  const hint = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  let bundle;
  try {
    bundle = bundleFromJSON(JSON.parse(bundleJson));
  } catch (cause) {
    throw new Error(`bundle.sigstore.json is not a Sigstore bundle (${(cause as Error).message})`);
  }
  const trust = toTrustMaterial(
    { mediaType: '', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] },
    (keyHint: string) => {
      if (keyHint !== hint) throw new Error(`signed by another key (hint ${keyHint.slice(0, 16)}…, the --key is ${hint.slice(0, 16)}…)`);
      return { publicKey, validFor: () => true };
    },
  );
  try {
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, tsaThreshold: 0 }).verify(toSignedEntity(bundle));
  } catch (cause) {
    throw new Error(`signature does not verify: ${(cause as Error).message}`);
  }
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('the Sigstore bundle holds no DSSE envelope');
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new Error(`the DSSE payload type is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}`);
  return JSON.parse(envelope.payload.toString('utf8')) as InTotoStatement;
}
