import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { mediaTypeOf } from '../support/bytes.js';
import { answered, expectStatus, fail, guarded } from '../support/findings.js';

const REQUIREMENTS = ['DS-003', 'DS-004'];
/** RFC 9110 entity-tag: optional W/ prefix, then a quoted string of etagc characters. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

export const manifestNegotiation = defineCheck<WfmContext>({
  id: 'wfm-api/manifest-negotiation',
  title: 'The State Manifest is negotiated by Accept and carries ETag and the Margo media type',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const manifestType = apiFacts(context.edition).manifestMediaType;
      const client = await context.newClient('ds-003');
      const findings: Finding[] = [];

      const absent = await client.call({ method: 'GET', endpoint: 'deployments' });
      findings.push(...expectStatus('DS-003', absent, 200, 'Serve the manifest when the request has no Accept header.'));
      if (absent.status === 200 && mediaTypeOf(absent) !== manifestType) {
        findings.push(fail('DS-003', `${answered(absent)} without Accept with Content-Type ${absent.headers['content-type'] ?? '(none)'}; expected ${manifestType} (DS-003). Default to the Margo manifest type.`, absent.exchange));
      }

      const unsupported = await client.call({ method: 'GET', endpoint: 'deployments', headers: { accept: 'application/xml' } });
      findings.push(...expectStatus('DS-003', unsupported, 406, 'Answer 406 when Accept names only types you cannot serve.'));

      // RFC 9110 §12.4.2: q=0 means "not acceptable"; any q above 0 still admits the type.
      const weighted: [accept: string, status: 200 | 406, fix: string][] = [
        [`${manifestType};q=0`, 406, 'Answer 406 when the only type Accept names has q=0, "not acceptable" (RFC 9110 §12.4.2).'],
        ['*/*;q=0.1', 200, 'Serve the manifest for */* with any q above 0.'],
        [`${manifestType};q=0.5`, 200, 'Serve the manifest for its type with any q above 0.'],
      ];
      for (const [accept, status, fix] of weighted) {
        const response = await client.call({ method: 'GET', endpoint: 'deployments', headers: { accept } });
        findings.push(...expectStatus('DS-003', response, status, `${fix} (Accept: ${accept})`));
      }

      const wanted = await client.call({ method: 'GET', endpoint: 'deployments', headers: { accept: manifestType } });
      if (wanted.status !== 200) return [...findings, ...expectStatus('DS-004', wanted, 200, `Serve the manifest for Accept: ${manifestType}.`)];
      const etag = wanted.headers.etag;
      if (etag === undefined || !ENTITY_TAG.test(etag)) {
        findings.push(fail('DS-004', `${answered(wanted)} with ETag ${etag === undefined ? '(none)' : JSON.stringify(etag)}; expected a valid entity-tag (DS-004). Send ETag: "sha256:<hex of the body>".`, wanted.exchange));
      }
      if (wanted.headers['content-type'] !== manifestType) {
        findings.push(fail('DS-004', `${answered(wanted)} with Content-Type ${wanted.headers['content-type'] ?? '(none)'}; expected exactly ${manifestType} (DS-004). Send that Content-Type.`, wanted.exchange));
      }
      return findings;
    }),
});
