import { contentDigest } from '../../../core/http-signatures/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { answered, fail, guarded, skip } from '../support/findings.js';

const REQUIREMENT = 'SIG-007';

/** SIG-007: a signed request with a body and a missing, wrong or unknown-algorithm Content-Digest gets 400. */
export const contentDigestCheck = defineCheck<WfmContext>({
  id: 'wfm-api/content-digest',
  title: 'A request body without a correct Content-Digest gets 400',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      if (context.edition.api.auth !== 'http-signatures') return skip([REQUIREMENT], `The ${context.edition.id} management API has no Content-Digest rule.`);
      const client = await context.newClient('sig-007');
      const { method } = context.edition.api.capabilities.create;
      const body = Buffer.from(JSON.stringify(apiFacts(context.edition).capabilities('device-1')));
      // Each signature is valid, so only the digest can be the reason to refuse.
      const other = Buffer.from('{}');
      const cases = [
        { defect: 'no Content-Digest', components: ['@method', '@target-uri'], digest: undefined, signedBody: undefined },
        { defect: 'the Content-Digest of another body', components: undefined, digest: contentDigest(other), signedBody: other },
        { defect: 'a Content-Digest with the unknown algorithm md5', components: ['@method', '@target-uri'], digest: `md5=:${Buffer.alloc(16).toString('base64')}:`, signedBody: undefined },
      ];
      const findings: Finding[] = [];
      for (const row of cases) {
        const response = await client.call({
          method,
          endpoint: 'capabilities',
          params: { deviceId: 'device-1' },
          body,
          headers: { 'content-type': 'application/json' },
          signing: {
            ...(row.components ? { options: { components: row.components } } : {}),
            ...(row.signedBody ? { signedBody: row.signedBody } : {}),
            alter: (headers) => {
              const { 'content-digest': _digest, ...rest } = headers;
              return row.digest === undefined ? rest : { ...rest, 'content-digest': row.digest };
            },
          },
        });
        if (response.status !== 400) {
          findings.push(fail(REQUIREMENT, `${answered(response)} to a signed request with ${row.defect}; expected 400 (SIG-007). Check Content-Digest against the body and answer 400 when it is missing or wrong.`, response.exchange, { expected: 400, actual: response.status }));
        }
      }
      return findings;
    }),
});
