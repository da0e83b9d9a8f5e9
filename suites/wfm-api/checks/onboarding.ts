import { X509Certificate } from 'node:crypto';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { onboard, onboardingBody } from '../device-client.js';
import { parseJson } from '../support/bytes.js';
import type { HttpResponse } from '../../../core/http/index.js';
import { answered, expectStatus, fail, guarded, notExercised, passIfUndecided, skip } from '../support/findings.js';
import { schemaFindings } from '../support/schema-findings.js';

const REQUIREMENTS = ['API-007', 'ONB-002', 'ONB-003', 'ONB-004', 'ONB-005', 'ONB-006', 'ONB-007'];

/** preview-1 onboarding: the root CA endpoint, and signed onboarding requests with good and bad certificates. */
export const onboarding = defineCheck<WfmContext>({
  id: 'wfm-api/onboarding',
  title: 'Onboarding serves the root CA and onboards only signed, well-formed, accepted client certificates',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      if (!context.edition.api.paths.onboarding) return skip(REQUIREMENTS, `The ${context.edition.id} management API has no onboarding.`);
      const findings: Finding[] = [];
      const probe = await context.newClient('onb-002', { accept: false });

      const root = await probe.call({ method: 'GET', endpoint: 'onboardingCertificate', signing: 'none' });
      const rootBody = parseJson(root.body)?.value;
      if (root.status !== 200) findings.push(...expectStatus('ONB-002', root, 200, 'Serve the root CA at the certificate endpoint.'));
      else {
        findings.push(...schemaFindings(context, { kind: 'OnboardingCertificateResponse', value: rootBody, what: answered(root), exchange: root.exchange }));
        const pem = Buffer.from(String((rootBody as { certificate?: unknown } | undefined)?.certificate ?? ''), 'base64').toString('utf8');
        if (!isCertificate(pem)) findings.push(fail('ONB-002', `${answered(root)} with a certificate field that does not decode to a PEM X.509 certificate (ONB-002). Send the PEM root CA, Base64-encoded without line breaks.`, root.exchange));
      }

      // Accepted by the operator, then onboarded unsigned, malformed and well-formed.
      const pending = await context.newClient('onb-003', { onboard: false });
      const unsigned = await onboard(pending, context.edition, { signing: 'none' });
      // ONB-003: the 1.0.0 file declares no 401 on onboarding, so any status it or the signature rows use for a refusal counts.
      if (![400, 401, 403].includes(unsigned.status)) {
        findings.push(fail('ONB-003', `${answered(unsigned)} to an unsigned onboarding request; expected a refusal, 401 (or 400 or 403) (ONB-003). Verify the RFC 9421 signature before onboarding.`, unsigned.exchange, { expected: [400, 401, 403], actual: unsigned.status }));
      }
      const noKind = await onboard(pending, context.edition, { json: { ...onboardingBody(pending.certPem, context.edition), kind: undefined } });
      findings.push(...expectStatus('ONB-004', noKind, 400, 'Refuse an onboarding body without kind OnboardingRequest with 400.'));
      const garbage = await onboard(pending, context.edition, { json: { ...onboardingBody(pending.certPem, context.edition), certificate: Buffer.from('not a certificate').toString('base64') } });
      findings.push(...expectStatus('ONB-006', garbage, 400, 'Answer 400 to a malformed certificate.'));

      const clientIds: string[] = [];
      const onboarded: HttpResponse[] = [];
      for (const name of ['onb-005-a', 'onb-005-b']) {
        const client = await context.newClient(name, { onboard: false });
        const response = await onboard(client, context.edition);
        onboarded.push(response);
        const body = parseJson(response.body)?.value;
        if (response.status !== 201) {
          findings.push(...expectStatus('ONB-005', response, 201, 'Onboard an accepted client with 201 {clientId}.'));
          continue;
        }
        findings.push(...schemaFindings(context, { kind: 'OnboardingResponse', value: body, what: answered(response), exchange: response.exchange }));
        const clientId = (body as { clientId?: unknown }).clientId;
        if (typeof clientId === 'string') {
          if (clientIds.includes(clientId)) findings.push(fail('API-007', `${answered(response)} with clientId "${clientId}", already given to another client (API-007). Assign each client its own id.`, response.exchange));
          clientIds.push(clientId);
        }
      }

      const untrusted = await onboard(await context.newClient('onb-006', { accept: false }), context.edition);
      findings.push(...expectStatus('ONB-006', untrusted, 403, 'Refuse a certificate the operator has not accepted with 403.'));
      const expired = await context.newClient('onb-007', { onboard: false, certificate: { expired: true } });
      const refusedExpired = await onboard(expired, context.edition);
      // An expired certificate parses, so it is not malformed (400) but not trusted (403, ONB-006's split).
      findings.push(...expectStatus('ONB-007', refusedExpired, 403, 'Refuse certificates outside their RFC 5280 validity period with 403.'));
      // Accepted by the operator, root-issued and valid now, but a CA certificate (cA=true, keyCertSign), not a client's end-entity one.
      const caFlagged = await context.newClient('onb-007-ca', { onboard: false, certificate: { caTrue: true } });
      const refusedCa = await onboard(caFlagged, context.edition);
      findings.push(...expectStatus('ONB-007', refusedCa, 403, 'Refuse a CA certificate (basicConstraints cA=true) offered as a client\'s with 403; onboard end-entity certificates only.'));
      // API-007's precondition: the WFM assigned ids to two clients, so their distinctness could be seen.
      if (clientIds.length < 2 && !findings.some((finding) => finding.requirement === 'API-007')) {
        findings.push(...notExercised(['API-007'], `Not exercised: the WFM assigned ${clientIds.length} client id${clientIds.length === 1 ? '' : 's'} to two onboarded clients (${onboarded.map(answered).join('; ')}), so API-007 cannot be judged (see ONB-005).`, onboarded));
      }
      const cited: [string, string, HttpResponse[]][] = [
        ['API-007', `Two onboarded clients got distinct client ids (${clientIds.join(', ')}).`, onboarded],
        ['ONB-002', `${answered(root)} with the PEM root CA.`, [root]],
        ['ONB-003', `${answered(unsigned)} to an unsigned onboarding request.`, [unsigned]],
        ['ONB-004', `${answered(noKind)} to an onboarding body without kind.`, [noKind]],
        ['ONB-005', `Both accepted clients were onboarded with 201 {clientId}.`, onboarded],
        ['ONB-006', `${answered(garbage)} to a malformed certificate and ${answered(untrusted)} to one not accepted.`, [garbage, untrusted]],
        ['ONB-007', `${answered(refusedExpired)} to an expired certificate and ${answered(refusedCa)} to a CA certificate.`, [refusedExpired, refusedCa]],
      ];
      return cited.reduce((all, [requirement, message, responses]) => passIfUndecided([requirement], all, message, responses), findings);
    }),
});

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return pem.includes('-----BEGIN CERTIFICATE-----');
  } catch {
    return false;
  }
}
