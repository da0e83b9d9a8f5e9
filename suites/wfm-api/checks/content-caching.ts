import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { missingDirectives } from '../support/cache-control.js';
import { fetchContent } from '../support/content.js';
import { answered, fail, guarded } from '../support/findings.js';

const REQUIREMENTS = ['DS-009', 'DS-010', 'DS-022', 'DS-023'];

/**
 * Caching headers of content-addressed responses. The expected Cache-Control is the edition's
 * (`Edition.api.cacheControl.contentAddressed`): DS-009 (rc.3, MUST) and DS-010 (preview-1, SHOULD)
 * never share an edition, so each finding is reported under both and the runner keeps the one in scope.
 */
export const contentCaching = defineCheck<WfmContext>({
  id: 'wfm-api/content-caching',
  title: 'Content-addressed responses carry the quoted digest as ETag, the edition Cache-Control and Vary',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const { contents } = await fetchContent(context, 'ds-022', { 'accept-encoding': 'gzip' });
      const expected = context.edition.api.cacheControl.contentAddressed;
      const findings: Finding[] = [];
      for (const { label, response, url } of contents) {
        if (response.status !== 200) continue;
        const digest = /sha256:[0-9A-Fa-f]+/.exec(url)?.[0];
        const etag = response.headers.etag;
        if (digest !== undefined && etag !== `"${digest}"`) {
          findings.push(fail('DS-022', `${answered(response)} (${label}) with ETag ${etag ?? '(none)'}; expected "${digest}", the quoted digest from its URL (DS-022). Send the digest in double quotes as ETag.`, response.exchange));
        }
        const header = response.headers['cache-control'];
        const missing = missingDirectives(header, expected);
        if (missing.length > 0) {
          for (const requirement of ['DS-009', 'DS-010']) {
            findings.push(fail(requirement, `${answered(response)} (${label}) with Cache-Control ${header ?? '(none)'}; expected ${expected} (missing: ${missing.join(', ')}) (${requirement}). Send Cache-Control: ${expected} on content-addressed responses.`, response.exchange));
          }
        }
        const encoding = response.headers['content-encoding'];
        const vary = (response.headers.vary ?? '').toLowerCase().split(',').map((v) => v.trim());
        if (encoding !== undefined && encoding !== 'identity' && !vary.includes('accept-encoding') && !vary.includes('*')) {
          // SHOULD: a warning, which like any finding names and cites the exchange that shows it.
          findings.push({ ...fail('DS-023', `${answered(response)} (${label}) with Content-Encoding ${encoding} and Vary ${response.headers.vary ?? '(none)'}; expected Vary: Accept-Encoding (DS-023). Send Vary: Accept-Encoding with compressed responses.`, response.exchange), observed: response.observed });
        }
      }
      return findings;
    }),
});
