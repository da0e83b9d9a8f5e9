import { HttpConnectionError, isKitRefusal, type HttpResponse } from '../../../core/http/index.js';
import { WfmIdentityError, wfmSpiffeId } from '../../../core/identity/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { errorFindings, guarded, requestLine } from '../support/findings.js';

const REQUIREMENT = 'ID-007';

/**
 * ID-007 (rc.3), the WFM's side: the X.509-SVID it serves carries exactly
 * `spiffe://<trust-domain>/margo/wfm/<wfm-id>` of this run. The suite's client checks it on every
 * connection (`wfmServerIdentity`); this check makes one request and judges that handshake: a pass cites
 * the completed handshake and the exchange over it, the kit's refusal of the WFM's certificate is a fail
 * citing the handshake with what the WFM presented.
 */
export const wfmIdentity = defineCheck<WfmContext>({
  id: 'wfm-api/wfm-identity',
  title: "The WFM serves its own X.509-SVID, naming this run's trust domain and wfm-id",
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      if (!context.scope.has(REQUIREMENT)) return [];
      const expected = wfmSpiffeId(context.pki.trustDomain, context.pki.wfmId);
      const client = await context.newClient('id-007');
      let response: HttpResponse;
      try {
        response = await client.call({ method: 'GET', endpoint: 'deployments' });
      } catch (cause) {
        if (isKitRefusal(cause)) return [refused(cause, expected)];
        throw cause;
      }
      const handshake = response.handshake;
      const presented = handshake?.peer?.uris ?? [];
      if (handshake?.result !== 'completed' || presented.length !== 1 || presented[0] !== expected) {
        return errorFindings([REQUIREMENT], `${requestLine(response.exchange)} was answered, but its TLS handshake was not observed presenting ${expected} (${handshake?.result ?? 'no handshake record'}), so ID-007 is not decided.`, response.exchange);
      }
      return [{ requirement: REQUIREMENT, outcome: 'pass', message: `The WFM presented ${expected} on a completed TLS handshake (${handshake.protocol ?? 'TLS'}).`, observed: response.observed }];
    }),
});

function refused(cause: HttpConnectionError, expected: string): Finding {
  const presented = cause.handshake?.peer?.uris ?? [];
  const why = cause.cause instanceof WfmIdentityError ? cause.cause.message : `its certificate did not verify against the trust bundle (${cause.code ?? 'no code'})`;
  return {
    requirement: REQUIREMENT,
    outcome: 'fail',
    message: `The kit refused the WFM's TLS certificate at ${new URL(cause.exchange.request.url).host}: ${why.replace(/\.$/, '')}. Serve an X.509-SVID for ${expected} chaining to the trust bundle (ID-007).`,
    location: cause.exchange,
    evidence: { expected, presented },
    observed: cause.observed,
  };
}
