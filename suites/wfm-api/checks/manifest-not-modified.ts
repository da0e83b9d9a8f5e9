import { MARGO_MEDIA_TYPES } from '../../../core/catalog/editions.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { fetchManifest } from '../support/desired-state.js';
import type { HttpResponse } from '../../../core/http/index.js';
import { answered, fail, guarded, passIfUndecided, skip } from '../support/findings.js';

const REQUIREMENT = 'DS-007';
const OTHER_TAG = `"sha256:${'0'.repeat(64)}"`;

/**
 * If-None-Match values and whether each matches the current manifest ETag under RFC 9110 §13.1.2: weak
 * comparison, any tag of a list, `*` for any current representation. A match gets 304 with an empty body,
 * a value that does not match gets 200 with the manifest.
 */
const CASES: { what: string; value: (etag: string) => string; matches: boolean }[] = [
  { what: 'the ETag', value: (etag) => etag, matches: true },
  { what: 'a list naming another tag, then the ETag', value: (etag) => `${OTHER_TAG}, ${etag}`, matches: true },
  { what: 'the ETag in its weak form (W/)', value: (etag) => (etag.startsWith('W/') ? etag : `W/${etag}`), matches: true },
  { what: '*', value: () => '*', matches: true },
  { what: 'another tag only', value: () => OTHER_TAG, matches: false },
];

export const manifestNotModified = defineCheck<WfmContext>({
  id: 'wfm-api/manifest-not-modified',
  title: 'If-None-Match on the manifest gets 304 with an empty body exactly when it matches the ETag',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const client = await context.newClient('ds-007');
      const first = await fetchManifest(client);
      const etag = first.response.headers.etag;
      if (etag === undefined) return skip([REQUIREMENT], `Not decided: ${answered(first.response)} without an ETag, so If-None-Match cannot be tested (see DS-004).`);
      const findings: Finding[] = [];
      const responses: HttpResponse[] = [first.response];
      // The client's desired state does not change between these requests, so the first ETag stays current.
      for (const { what, value, matches } of CASES) {
        const ifNoneMatch = value(etag);
        const second = await client.call({ method: 'GET', endpoint: 'deployments', headers: { accept: MARGO_MEDIA_TYPES.manifest, 'if-none-match': ifNoneMatch } });
        responses.push(second);
        if (matches && second.status !== 304) {
          findings.push(fail(REQUIREMENT, `${answered(second)} to If-None-Match ${ifNoneMatch} (${what}), which matches the current ETag ${etag}; expected 304 (DS-007, RFC 9110 §13.1.2: weak comparison, any listed tag, * for any representation).`, second.exchange));
        } else if (matches && second.body.length > 0) {
          findings.push(fail(REQUIREMENT, `${answered(second)} with a ${second.body.length}-byte body to If-None-Match ${ifNoneMatch}; expected an empty body (DS-007). Send no body with 304.`, second.exchange));
        } else if (!matches && second.status !== 200) {
          findings.push(fail(REQUIREMENT, `${answered(second)} to If-None-Match ${ifNoneMatch} (${what}), which does not match the current ETag ${etag}; expected 200 with the manifest (DS-007).`, second.exchange));
        }
      }
      return passIfUndecided([REQUIREMENT], findings, `${CASES.length} conditional GETs of the manifest (ETag ${etag}): each matching If-None-Match got 304 with no body, the other tag 200.`, responses);
    }),
});
