import { MARGO_MEDIA_TYPES } from '../../../core/catalog/editions.js';
import type { HttpResponse } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceClient, WfmContext } from '../context.js';
import { onboard } from '../device-client.js';
import { mediaTypeOf, parseJson } from '../support/bytes.js';
import { fetchContent } from '../support/content.js';
import { pathOfUrl } from '../support/desired-state.js';
import { answered, fail, guarded, notExercised, passed } from '../support/findings.js';

const REQUIREMENT = 'API-008';

/** One success response the suite obtained, and the media type the edition's OpenAPI declares for it. */
interface Obtained {
  operation: string;
  expected: string;
  response: HttpResponse;
}

/**
 * API-008: every success response with content is labelled with the media type its operation declares in
 * the edition's OpenAPI (the trust-bundle OpenAPI for rc.3 discovery and SPIFFE bundle). The manifest's
 * type is DS-004's and the bundle's DS-013's, so they are left to those rows; the deployment YAML is judged
 * in both representations (plain, and gzip-coded when asked with Accept-Encoding: gzip). Operations whose
 * success answer the OpenAPI declares without content (capabilities, status) have no Content-Type to judge.
 */
export const successContentTypes = defineCheck<WfmContext>({
  id: 'wfm-api/success-content-types',
  title: 'Every success response with content carries the Content-Type its operation declares',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const obtained: Obtained[] = [];
      const paths = context.edition.api.paths;
      if (paths.onboardingCertificate) {
        const probe = await context.newClient('api-008-root-ca', { accept: false });
        obtained.push({ operation: 'the onboarding root CA', expected: 'application/json', response: await probe.call({ method: 'GET', endpoint: 'onboardingCertificate', signing: 'none' }) });
      }
      if (paths.onboarding) {
        const pending = await context.newClient('api-008-onboarding', { onboard: false });
        obtained.push({ operation: 'onboarding', expected: 'application/json', response: await onboard(pending, context.edition) });
      }
      if (paths.trustDiscovery) obtained.push(...(await trustBundleAnswers(await context.newClient('api-008-trust'))));
      const { contents, deployment } = await fetchContent(context, 'api-008-content');
      for (const content of contents.filter((c) => c.kind === 'deployment')) {
        obtained.push({ operation: 'the deployment YAML', expected: MARGO_MEDIA_TYPES.deployment, response: content.response });
        const coded = await deployment.client.call({ method: 'GET', path: pathOfUrl(content.url), headers: { 'accept-encoding': 'gzip' } });
        obtained.push({ operation: `the deployment YAML (Accept-Encoding: gzip, Content-Encoding ${coded.headers['content-encoding'] ?? 'none'})`, expected: MARGO_MEDIA_TYPES.deployment, response: coded });
      }

      const judged = obtained.filter((o) => o.response.status >= 200 && o.response.status <= 299 && o.response.body.length > 0);
      if (judged.length === 0) {
        return notExercised([REQUIREMENT], `Not exercised: none of ${obtained.length} requests (${obtained.map((o) => answered(o.response)).join('; ')}) got a success response with content, so API-008 cannot be judged on Content-Type. The statuses themselves are decided by each operation's own requirement.`, obtained.map((o) => o.response));
      }
      const findings: Finding[] = [];
      for (const { operation, expected, response } of judged) {
        const actual = mediaTypeOf(response);
        if (actual !== expected) {
          findings.push(fail(REQUIREMENT, `${answered(response)} (${operation}) with Content-Type ${response.headers['content-type'] ?? '(none)'}; the ${context.edition.id} OpenAPI declares ${expected} (API-008). Label the response ${expected}.`, response.exchange, { expected, actual: actual ?? null }));
        }
      }
      if (findings.length > 0) return findings;
      return passed([REQUIREMENT], `${judged.length} success responses carried their declared Content-Type: ${judged.map((o) => `${o.operation} ${o.expected}`).join('; ')}.`, judged.map((o) => o.response));
    }),
});

/** rc.3: the discovery document and the SPIFFE bundle it names (on the API origin). */
async function trustBundleAnswers(client: DeviceClient): Promise<Obtained[]> {
  const discovery = await client.call({ method: 'GET', endpoint: 'trustDiscovery' });
  const out: Obtained[] = [{ operation: 'trust bundle discovery', expected: 'application/json', response: discovery }];
  const uri = (parseJson(discovery.body)?.value as { trustBundleUri?: unknown } | undefined)?.trustBundleUri;
  if (typeof uri !== 'string' || !URL.canParse(uri) || new URL(uri).origin !== new URL(discovery.exchange.request.url).origin) return out;
  const url = new URL(uri);
  out.push({ operation: 'the SPIFFE bundle', expected: 'application/json', response: await client.call({ method: 'GET', path: `${url.pathname}${url.search}` }) });
  return out;
}
