import { defineCheck } from '../../../core/runner/check.js';
import type { WfmContext } from '../context.js';
import { sha256Digest } from '../support/bytes.js';
import { fetchManifest } from '../support/desired-state.js';
import { answered, fail, guarded } from '../support/findings.js';

const REQUIREMENT = 'DS-005';

export const manifestEtag = defineCheck<WfmContext>({
  id: 'wfm-api/manifest-etag',
  title: 'The manifest ETag is the strong, quoted sha256 digest of the exact body',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const client = await context.newClient('ds-005');
      const { response } = await fetchManifest(client);
      const expected = `"${sha256Digest(response.body)}"`;
      const etag = response.headers.etag;
      if (etag === expected) return [];
      const shown = etag === undefined ? 'no ETag' : `ETag ${etag}`;
      const why = etag?.startsWith('W/') ? 'a weak validator' : 'not the digest of the bytes sent';
      return [
        fail(REQUIREMENT, `${answered(response)} with ${shown} (${why}); expected the strong ETag ${expected} (DS-005). Hash the exact response bytes and send them quoted, without W/.`, response.exchange, { expected, actual: etag ?? null }),
      ];
    }),
});
