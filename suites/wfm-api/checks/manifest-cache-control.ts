import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { cacheDirectives, missingDirectives } from '../support/cache-control.js';
import { fetchManifest } from '../support/desired-state.js';
import { answered, fail, guarded, notExercised, passIfUndecided } from '../support/findings.js';
import { validateBody } from '../../../core/api-bodies/validate-body.js';

const REQUIREMENTS = ['DS-008', 'DS-009'];
/**
 * DS-008 reading: "long" max-age is anything a device would trust across a poll; a manifest must be
 * revalidated at every poll, so 60 s or more (or s-maxage) fails, as does immutable.
 */
const LONG_MAX_AGE_S = 60;

export const manifestCacheControl = defineCheck<WfmContext>({
  id: 'wfm-api/manifest-cache-control',
  title: 'The manifest is neither immutable nor long-cached, and carries the edition Cache-Control',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const client = await context.newClient('ds-008');
      const { response, value } = await fetchManifest(client);
      const header = response.headers['cache-control'];
      const shown = header === undefined ? 'no Cache-Control' : `Cache-Control: ${header}`;
      const findings: Finding[] = [];
      const directives = cacheDirectives(header);
      const maxAge = Math.max(Number(directives.get('max-age') ?? 0) || 0, Number(directives.get('s-maxage') ?? 0) || 0);
      if (validateBody(context.edition, 'StateManifest', value).length > 0) {
        // Precondition of DS-008: what was served is a manifest; an answer that is none says nothing about how manifests are cached.
        findings.push(...notExercised(['DS-008'], `Not exercised: ${answered(response)} with a body that is not a ${context.edition.id} State Manifest, so DS-008 cannot be judged (see API-008).`, [response]));
      } else if (directives.has('immutable') || maxAge >= LONG_MAX_AGE_S) {
        findings.push(fail('DS-008', `${answered(response)} with ${shown}; the manifest must not be immutable or cached for ${LONG_MAX_AGE_S} s or more (DS-008). Send Cache-Control: ${context.edition.api.cacheControl.manifest}.`, response.exchange));
      }
      const expected = context.edition.api.cacheControl.manifest;
      const missing = missingDirectives(header, expected);
      if (missing.length > 0) {
        findings.push(fail('DS-009', `${answered(response)} with ${shown}; expected Cache-Control: ${expected} (missing: ${missing.join(', ')}) (DS-009). Send Cache-Control: ${expected} on the manifest.`, response.exchange));
      }
      return passIfUndecided(REQUIREMENTS, findings, `${answered(response)} with the State Manifest and ${shown}.`, [response]);
    }),
});
