import { probeTls, type TlsProbeResult } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { errorFindings, fail, guarded } from '../support/findings.js';

const REQUIREMENTS = ['API-006', 'ID-010'];

/**
 * TLS versions, by handshake probes with the client's own credentials.
 * - ID-010 (rc.3): a client offering TLS 1.2 and 1.3 must get 1.3; a TLS 1.2-only client may be served
 *   (RFC 9325 fallback, non-default); TLS 1.0/1.1 must be refused.
 * - API-006 (preview-1, strict reading in the catalog): TLS 1.3 is negotiated and a TLS 1.2-only
 *   handshake is refused.
 */
export const tlsVersion = defineCheck<WfmContext>({
  id: 'wfm-api/tls-version',
  title: 'TLS 1.3 is negotiated by default and older versions are refused as the edition requires',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const client = await context.newClient('id-010');
      const probe = (options: { minVersion?: 'TLSv1' | 'TLSv1.2'; maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; ciphers?: string }) =>
        probeTls({ url: context.url, identity: client.identity, ...options });
      const findings: Finding[] = [];
      const where = new URL(context.url).host;

      const byDefault = await probe({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
      if (byDefault.outcome === 'unreachable') return errorFindings(REQUIREMENTS, `Nothing answered a TLS handshake at ${where} (${byDefault.code}), so the TLS version could not be decided.`);
      for (const requirement of REQUIREMENTS) {
        if (byDefault.outcome !== 'connected') {
          findings.push(fail(requirement, `A TLS handshake offering 1.2 and 1.3 to ${where} failed (${describe(byDefault)}); expected TLS 1.3 (${requirement}).`, undefined, { probe: byDefault }));
        } else if (byDefault.protocol !== 'TLSv1.3') {
          findings.push(fail(requirement, `A client offering TLS 1.2 and 1.3 to ${where} negotiated ${byDefault.protocol}; expected TLSv1.3 (${requirement}). Prefer TLS 1.3.`, undefined, { probe: byDefault }));
        }
      }
      if (context.scope.has('API-006')) {
        const tls12 = await probe({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
        if (tls12.outcome === 'connected') {
          findings.push(fail('API-006', `A TLS 1.2-only handshake with ${where} succeeded (${tls12.protocol}); expected it refused (API-006). Set the minimum TLS version to 1.3.`, undefined, { probe: tls12 }));
        }
      }
      if (context.scope.has('ID-010')) {
        const legacy = await probe({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
        if (legacy.outcome === 'connected') {
          findings.push(fail('ID-010', `A TLS 1.0/1.1 handshake with ${where} succeeded (${legacy.protocol}); expected it refused (ID-010). Never accept TLS below 1.2.`, undefined, { probe: legacy }));
        }
      }
      return findings;
    }),
});

function describe(result: TlsProbeResult): string {
  return result.outcome === 'connected' ? result.protocol : `${result.outcome}: ${result.code}`;
}
