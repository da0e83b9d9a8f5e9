import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { HttpResponse } from '../../../core/http/index.js';
import type { WfmContext } from '../context.js';
import { fetchContent } from '../support/content.js';
import { pathOfUrl } from '../support/desired-state.js';
import { answered, fail, guarded, notExercised, passed } from '../support/findings.js';

const REQUIREMENT = 'DS-022';

/**
 * A conditional GET on each content-addressed URL, with If-None-Match naming the quoted digest (the ETag
 * DS-022 fixes). Margo requires a 304 only for the manifest (DS-007) and the rc.3 OpenAPI lists 304 for
 * bundles only, so either answer is accepted (catalog note of DS-022): a 304 that repeats the ETag (RFC 9110
 * §15.4.5: a 304 carries the ETag a 200 would have), or a full 200 with that ETag. A 304 without the ETag
 * or with another, or any other status, fails: the device could not tell which document it still holds.
 */
export const contentNotModified = defineCheck<WfmContext>({
  id: 'wfm-api/content-not-modified',
  title: 'A conditional GET on a content-addressed URL gets 304 with its ETag, or the document',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const { contents, deployment } = await fetchContent(context, 'ds-022-conditional');
      const findings: Finding[] = [];
      const judged: HttpResponse[] = [];
      for (const { label, url, response } of contents) {
        const digest = /sha256:[0-9A-Fa-f]{64}/.exec(url)?.[0];
        if (response.status !== 200 || digest === undefined) continue; // a URL that serves nothing is DS-020's, its form DS-017's
        const etag = `"${digest}"`;
        const conditional = await deployment.client.call({ method: 'GET', path: pathOfUrl(url), headers: { 'if-none-match': etag } });
        judged.push(conditional);
        const what = `${answered(conditional)} (${label}, If-None-Match: ${etag})`;
        if (conditional.status !== 304 && conditional.status !== 200) {
          findings.push(fail(REQUIREMENT, `${what}; expected 304 with ETag ${etag}, or 200 with the document (RFC 9110 §13.1.2, DS-022). Answer a matching conditional GET with 304 Not Modified.`, conditional.exchange, { expected: [304, 200], actual: conditional.status }));
        } else if (conditional.headers.etag !== etag) {
          findings.push(fail(REQUIREMENT, `${what} with ETag ${conditional.headers.etag ?? '(none)'}; expected ${etag} (RFC 9110 §15.4.5, DS-022). Send the quoted digest as ETag on the ${conditional.status} too.`, conditional.exchange, { expected: etag, actual: conditional.headers.etag ?? null }));
        }
      }
      if (judged.length === 0) {
        return notExercised([REQUIREMENT], `Not exercised: none of the ${contents.length} content-addressed URLs the manifest named answered 200, so no conditional GET could be judged and DS-022 cannot be judged on it (see DS-020).`, contents.map((c) => c.response));
      }
      if (findings.length > 0) return findings;
      return passed([REQUIREMENT], `${judged.map(answered).join('; ')} to If-None-Match with the quoted digest, each with that ETag.`, judged);
    }),
});
