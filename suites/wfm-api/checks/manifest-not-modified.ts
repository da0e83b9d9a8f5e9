import { MARGO_MEDIA_TYPES } from '../../../core/catalog/editions.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { fetchManifest } from '../support/desired-state.js';
import { answered, fail, guarded, skip } from '../support/findings.js';

const REQUIREMENT = 'DS-007';

export const manifestNotModified = defineCheck<WfmContext>({
  id: 'wfm-api/manifest-not-modified',
  title: 'A matching If-None-Match on the manifest gets 304 with an empty body',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const client = await context.newClient('ds-007');
      const first = await fetchManifest(client);
      const etag = first.response.headers.etag;
      if (etag === undefined) return skip([REQUIREMENT], `Not decided: ${answered(first.response)} without an ETag, so If-None-Match cannot be tested (see DS-004).`);
      const second = await client.call({ method: 'GET', endpoint: 'deployments', headers: { accept: MARGO_MEDIA_TYPES.manifest, 'if-none-match': etag } });
      const findings: Finding[] = [];
      if (second.status !== 304) {
        findings.push(fail(REQUIREMENT, `${answered(second)} to If-None-Match ${etag}; expected 304 (DS-007). Compare If-None-Match with the current manifest ETag and answer 304 when it matches.`, second.exchange));
      } else if (second.body.length > 0) {
        findings.push(fail(REQUIREMENT, `${answered(second)} with a ${second.body.length}-byte body; expected an empty body (DS-007). Send no body with 304.`, second.exchange));
      }
      return findings;
    }),
});
