import { isTlsRefusal } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { mediaTypeOf, parseJson } from '../support/bytes.js';
import { answered, fail, guarded, notExercised, passed, skip } from '../support/findings.js';

const REQUIREMENTS = ['ID-004', 'ID-016'];

/**
 * Policy refusals (rc.3): a client not on the policy gets 403 problem+json with the registered
 * not-authorized type (ID-004, SHOULD; a served client is ID-006's failure, not this one's), and a
 * client removed from the policy is refused on its already open connection (ID-016, SHOULD).
 */
export const policyRefusal = defineCheck<WfmContext>({
  id: 'wfm-api/policy-refusal',
  title: 'Policy refusals are 403 problem+json and apply to open connections',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      if (context.edition.api.auth !== 'mtls') return skip(REQUIREMENTS, `The ${context.edition.id} management API has no accepted-client policy.`);
      const findings: Finding[] = [];
      const unlisted = await context.newClient('id-004', { accept: false });
      try {
        const response = await unlisted.call({ method: 'GET', endpoint: 'deployments' });
        // The problem type itself is ERR-002's (problem-details check); ID-004 asks for 403 problem+json.
        if (response.status !== 403) {
          // Served: the policy is not enforced, which is ID-006's failure; the form of a refusal was never seen.
          findings.push(...notExercised(['ID-004'], `Not exercised: a client not on the policy ${answered(response)} instead of being refused, so the form of a policy refusal (ID-004) cannot be judged; see ID-006.`, [response]));
        } else if (mediaTypeOf(response) !== 'application/problem+json' || !parseJson(response.body)) {
          findings.push(fail('ID-004', `${answered(response)} for a client not on the policy with ${response.headers['content-type'] ?? 'no Content-Type'}; expected a problem+json body (ID-004). Explain policy refusals with problem details.`, response.exchange));
        } else {
          findings.push(...passed(['ID-004'], 'A client not on the policy got 403 with a problem+json body.', [response]));
        }
      } catch (cause) {
        if (!isTlsRefusal(cause)) throw cause;
        findings.push(fail('ID-004', `A client not on the policy was refused at the TLS handshake; a 403 problem+json would tell it why (ID-004). Complete the handshake and answer 403 not-authorized.`, cause.exchange));
      }
      const revoked = await context.newClient('id-016');
      await revoked.call({ method: 'GET', endpoint: 'deployments' });
      await context.control.revokeClient(revoked.ref);
      const refusedOn = async (identity: typeof revoked.identity) => {
        try {
          const response = await revoked.call({ method: 'GET', endpoint: 'deployments', identity });
          return response.status === 403 ? true : response;
        } catch (cause) {
          if (isTlsRefusal(cause)) return true;
          throw cause;
        }
      };
      const onOpen = await refusedOn(revoked.identity);
      if (onOpen !== true) {
        // Served on a new connection too: the policy is not enforced at all, which is ID-006's failure.
        const onNew = await refusedOn({ ...revoked.identity });
        if (onNew === true) findings.push(fail('ID-016', `${answered(onOpen)} on the open connection of a client just removed from the policy, while a new connection is refused (ID-016). Re-check authorisation on every request.`, onOpen.exchange));
        else findings.push({ requirement: 'ID-016', outcome: 'skip' as const, message: 'A client removed from the policy is still served on new connections too; that is decided under ID-006.' });
      }
      return findings;
    }),
});
