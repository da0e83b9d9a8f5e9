import { X509Certificate } from 'node:crypto';
import type { HttpResponse } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { parseJson } from '../support/bytes.js';
import { answered, expectStatus, fail, guarded, notExercised, passed, passIfUndecided, skip } from '../support/findings.js';
import { schemaFindings } from '../support/schema-findings.js';

const REQUIREMENTS = ['TB-001', 'TB-002', 'TB-003', 'TB-006', 'TB-011'];

/**
 * The Trust Bundle API when the WFM hosts it (rc.3): discovery at /.well-known/margo (TB-002), its
 * document (TB-003) pointing over HTTPS (TB-001) at a SPIFFE bundle (TB-006) holding the trust domain's
 * anchor, both with ETag and 304 (TB-011). A WFM that answers 404 at discovery hosts no trust bundle
 * API: then only the TB-002 recommendation fails.
 */
export const trustBundle = defineCheck<WfmContext>({
  id: 'wfm-api/trust-bundle',
  title: 'The trust bundle discovery document and SPIFFE bundle are served as specified',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      if (!context.edition.api.paths.trustDiscovery) return skip(REQUIREMENTS, `The ${context.edition.id} edition has no Trust Bundle API.`);
      const client = await context.newClient('tb-003');
      const discovery = await client.call({ method: 'GET', endpoint: 'trustDiscovery' });
      if (discovery.status !== 200) {
        return [...expectStatus('TB-002', discovery, 200, 'Serve the discovery document at /.well-known/margo.'), ...skip(['TB-001', 'TB-003', 'TB-006', 'TB-011'], 'No discovery document, so the trust bundle API was not examined.')];
      }
      const findings: Finding[] = [];
      const document = parseJson(discovery.body)?.value as { trustDomain?: unknown; trustBundleUri?: unknown } | undefined;
      findings.push(...schemaFindings(context, { kind: 'DiscoveryDocument', value: document, what: answered(discovery), exchange: discovery.exchange }));
      if (document?.trustDomain !== context.pki.trustDomain) {
        findings.push(fail('TB-003', `${answered(discovery)} with trustDomain ${JSON.stringify(document?.trustDomain)}; expected ${JSON.stringify(context.pki.trustDomain)}, the domain of every SPIFFE ID issued (TB-003).`, discovery.exchange));
      }
      // TB-002's precondition: what answers at /.well-known/margo is a discovery document at all (its shape is TB-003's).
      if (typeof document?.trustDomain !== 'string' || typeof document.trustBundleUri !== 'string') {
        findings.push(...notExercised(['TB-002'], `Not exercised: ${answered(discovery)} with a body that names no trustDomain and trustBundleUri, so it is no discovery document and TB-002 cannot be judged (see TB-003).`, [discovery]));
      } else {
        findings.push(...passed(['TB-002'], `${answered(discovery)} with a discovery document for ${document.trustDomain}.`, [discovery]));
      }
      findings.push(...(await revalidates(client, discovery, { path: new URL(discovery.exchange.request.url).pathname })));
      const uri = typeof document?.trustBundleUri === 'string' ? document.trustBundleUri : undefined;
      if (!uri?.startsWith('https://')) {
        findings.push(fail('TB-001', `${answered(discovery)} with trustBundleUri ${JSON.stringify(uri)}; expected an https URL (TB-001).`, discovery.exchange));
        // No bundle fetched, so nothing shows the bundle's format.
        return [...findings, ...notExercised(['TB-006'], `Not exercised: ${answered(discovery)} named no https trustBundleUri, so no SPIFFE bundle was fetched and TB-006 cannot be judged (see TB-001).`, [discovery])];
      }
      const path = `${new URL(uri).pathname}${new URL(uri).search}`;
      const bundle = new URL(uri).origin === new URL(context.url).origin ? await client.call({ method: 'GET', path }) : await context.http.request({ method: 'GET', url: uri, identity: client.identity });
      if (bundle.status !== 200) return [...findings, ...expectStatus('TB-006', bundle, 200, 'Serve the SPIFFE bundle at trustBundleUri.')];
      const value = parseJson(bundle.body)?.value as { keys?: { use?: unknown; x5c?: unknown[] }[] } | undefined;
      findings.push(...schemaFindings(context, { kind: 'SpiffeBundle', value, what: answered(bundle), exchange: bundle.exchange }));
      const anchors = (value?.keys ?? []).filter((key) => key.use === 'x509-svid').flatMap((key) => (Array.isArray(key.x5c) ? key.x5c.slice(0, 1) : []));
      const ours = new X509Certificate(context.pki.bundlePem).fingerprint256;
      if (!anchors.some((der) => fingerprint(der) === ours)) {
        findings.push(fail('TB-006', `${answered(bundle)} with ${anchors.length} x509-svid anchors, none of them the trust domain's CA (TB-006). Publish the trust domain's X.509 authorities as x509-svid keys.`, bundle.exchange));
      }
      findings.push(...(await revalidates(client, bundle, { path })));
      const withDiscovery = passIfUndecided(['TB-001', 'TB-003'], findings, `${answered(discovery)} with a discovery document for ${context.pki.trustDomain} naming ${uri}.`, [discovery]);
      return passIfUndecided(['TB-006'], withDiscovery, `${answered(bundle)} with a SPIFFE bundle holding the trust domain's CA as an x509-svid key.`, [bundle]);
    }),
});

/** TB-011 (SHOULD, a warning): an ETag, and 304 for If-None-Match with it; each warning names and cites the exchanges that show it. */
async function revalidates(client: import('../context.js').DeviceClient, first: HttpResponse, target: { path: string }): Promise<Finding[]> {
  const etag = first.headers.etag;
  if (etag === undefined) return [{ ...fail('TB-011', `${answered(first)} without an ETag (TB-011). Send an ETag so clients can revalidate.`, first.exchange), observed: first.observed }];
  const again = await client.call({ method: 'GET', path: target.path, headers: { 'if-none-match': etag } });
  if (again.status === 304) return passed(['TB-011'], `${answered(first)} with ETag ${etag}, and ${answered(again)} to If-None-Match with it.`, [first, again]);
  return [
    {
      ...fail('TB-011', `${answered(again)} to If-None-Match ${etag}, the ETag of ${answered(first)}; expected 304 (TB-011). Answer 304 to a matching If-None-Match.`, again.exchange, { expected: 304, actual: again.status }),
      observed: [...first.observed, ...again.observed],
    },
  ];
}

function fingerprint(base64Der: unknown): string | undefined {
  try {
    return new X509Certificate(Buffer.from(String(base64Der), 'base64')).fingerprint256;
  } catch {
    return undefined;
  }
}
