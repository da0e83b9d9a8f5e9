import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { SignatureAlgorithm } from '../../../core/http-signatures/index.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient } from '../support/desired-state.js';
import { answered, expectStatus, fail, guarded, skip } from '../support/findings.js';

const REQUIREMENTS = ['CAP-003', 'SIG-004', 'SIG-005', 'ST-002'];

/** Client key per algorithm; RSA-PSS signs with the same RSA key as PKCS#1 v1.5. */
const ALGORITHMS: { algorithm: SignatureAlgorithm; key: 'ecdsa-p256' | 'ecdsa-p384' | 'rsa-2048' }[] = [
  { algorithm: 'ecdsa-p256-sha256', key: 'ecdsa-p256' },
  { algorithm: 'ecdsa-p384-sha384', key: 'ecdsa-p384' },
  { algorithm: 'rsa-v1_5-sha256', key: 'rsa-2048' },
  { algorithm: 'rsa-pss-sha256', key: 'rsa-2048' },
];

/**
 * preview-1 RFC 9421 signatures: every listed algorithm verifies (SIG-004; rsa-pss-sha256 is no RFC 9421
 * algorithm, so its refusal is only reported, see the SIG-004 note), and unsigned, tampered or
 * wrongly keyed requests get 401 (SIG-005, CAP-003, ST-002).
 */
export const requestSignatures = defineCheck<WfmContext>({
  id: 'wfm-api/request-signatures',
  title: 'Signed requests verify with every listed algorithm; unsigned or bad signatures get 401',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      if (context.edition.api.auth !== 'http-signatures') return skip(REQUIREMENTS, `The ${context.edition.id} management API does not sign requests.`);
      const findings: Finding[] = [];
      for (const { algorithm, key } of ALGORITHMS) {
        const client = await context.newClient(`sig-004-${algorithm}`, { certificate: { keyAlgorithm: key } });
        const signer = client.signer ? { ...client.signer, algorithm } : undefined;
        const response = await client.call({ method: 'GET', endpoint: 'deployments', ...(signer ? { signing: { signer } } : {}) });
        if (response.status === 200) continue;
        const registered = algorithm !== 'rsa-pss-sha256';
        findings.push({
          ...fail('SIG-004', `${answered(response)} to a request signed with ${algorithm}; expected 200 (SIG-004). Verify ${algorithm} signatures.`, response.exchange),
          ...(registered ? {} : { outcome: 'skip' as const, message: `${answered(response)} to a request signed with rsa-pss-sha256, which RFC 9421 does not define; reported only (SIG-004).` }),
        });
      }

      const deployment = await deployToFreshClient(context, 'sig-005');
      const { client } = deployment;
      const flip = (headers: Record<string, string>) => ({ ...headers, signature: headers.signature?.replace(/:([A-Za-z0-9+/])/, (_, c: string) => `:${c === 'A' ? 'B' : 'A'}`) ?? '' });
      const other = await context.newClient('sig-005-other', { accept: false });
      const unsignedGet = await client.call({ method: 'GET', endpoint: 'deployments', signing: 'none' });
      findings.push(...expectStatus('SIG-005', unsignedGet, 401, 'Refuse requests without a valid signature with 401.'));
      const tampered = await client.call({ method: 'GET', endpoint: 'deployments', signing: { alter: flip } });
      findings.push(...expectStatus('SIG-005', tampered, 401, 'Verify the signature against the signature base and answer 401 when it does not match.'));
      if (other.signer) {
        const foreign = await client.call({ method: 'GET', endpoint: 'deployments', signing: { signer: other.signer } });
        findings.push(...expectStatus('SIG-005', foreign, 401, "Verify with the certificate of the path's clientId and answer 401 for any other key."));
      }
      const create = context.edition.api.capabilities.create;
      const capabilities = await client.call({ method: create.method, endpoint: 'capabilities', params: { deviceId: deployment.deviceId }, json: apiFacts(context.edition).capabilities(deployment.deviceId), signing: 'none' });
      findings.push(...expectStatus('CAP-003', capabilities, 401, 'Refuse unsigned capability reports with 401.'));
      const status = apiFacts(context.edition).status({ deploymentId: deployment.deploymentId, manifestVersion: 1, state: 'installing', components: deployment.components });
      const unsignedStatus = await client.call({ method: 'POST', endpoint: 'status', params: { deploymentId: deployment.deploymentId }, json: status, signing: 'none' });
      findings.push(...expectStatus('ST-002', unsignedStatus, 401, 'Refuse unsigned status reports with 401.'));
      return findings;
    }),
});
