import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { decodedBody, sha256Digest } from '../support/bytes.js';
import { fetchContent } from '../support/content.js';
import { answered, expectStatus, fail, guarded, passIfUndecided } from '../support/findings.js';

const REQUIREMENT = 'DS-015';

/**
 * DS-015: each digest is the SHA-256 of the decoded bytes of its 200 response. Fetched once plainly and
 * once with Accept-Encoding: gzip. The comparison ignores letter case: how the digest is written is DS-016's.
 */
export const contentDigests = defineCheck<WfmContext>({
  id: 'wfm-api/content-digests',
  title: 'Bundle and deployment digests are the SHA-256 of the exact decoded bytes served',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const plain = await fetchContent(context, 'ds-015');
      const gzip = await fetchContent(context, 'ds-015-gzip', { 'accept-encoding': 'gzip' });
      const findings: Finding[] = [];
      for (const { label, digest, response } of [...plain.contents, ...gzip.contents]) {
        if (response.status !== 200) {
          findings.push(...expectStatus(REQUIREMENT, response, 200, `Serve the ${label} named by the manifest at its URL.`));
          continue;
        }
        let actual: string;
        try {
          actual = sha256Digest(decodedBody(response));
        } catch (cause) {
          findings.push(fail(REQUIREMENT, `${answered(response)} (${label}) with a body that does not decode as its Content-Encoding ${response.headers['content-encoding']}: ${(cause as Error).message} (DS-015).`, response.exchange));
          continue;
        }
        if (actual !== digest.toLowerCase()) {
          findings.push(fail(REQUIREMENT, `${answered(response)} (${label}) with decoded bytes of ${actual}; the manifest says ${digest} (DS-015). Compute the digest over the exact bytes served, before any Content-Encoding.`, response.exchange, { expected: digest, actual }));
        }
      }
      const served = [...plain.contents, ...gzip.contents].filter((c) => c.response.status === 200).map((c) => c.response);
      const coded = served.filter((r) => (r.headers['content-encoding'] ?? 'identity') !== 'identity').length;
      return passIfUndecided([REQUIREMENT], findings, `${served.length} documents (${coded} of them content-coded) decoded to the bytes their digests name.`, served);
    }),
});
