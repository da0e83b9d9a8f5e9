import { probeTls, type TlsProbeResult } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { errorFindings, guarded } from '../support/findings.js';

const REQUIREMENTS = ['API-006', 'ID-010'];

/**
 * TLS versions, by handshake probes with the client's own credentials, each recorded in the traffic log
 * and cited by the outcome it decides.
 * - ID-010 (rc.3): a client offering TLS 1.2 and 1.3 must get 1.3; a TLS 1.2-only client may be served
 *   (RFC 9325 fallback, non-default); TLS 1.0/1.1 must be refused.
 * - API-006 (preview-1, strict reading in the catalog): TLS 1.3 is negotiated and a TLS 1.2-only
 *   handshake is refused.
 * A refusal counts only as the server's answer to a handshake (alert or reset); a probe that timed out
 * or found nothing listening decides nothing (`error`).
 */
export const tlsVersion = defineCheck<WfmContext>({
  id: 'wfm-api/tls-version',
  title: 'TLS 1.3 is negotiated by default and older versions are refused as the edition requires',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const client = await context.newClient('id-010');
      const probe = (options: { minVersion?: 'TLSv1' | 'TLSv1.2'; maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; ciphers?: string }) =>
        probeTls({ url: context.url, identity: client.identity, traffic: context.http.traffic, ...options });
      const where = new URL(context.url).host;
      const requirements = REQUIREMENTS.filter((id) => context.scope.has(id));

      const byDefault = await probe({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
      if (byDefault.outcome === 'unreachable' || byDefault.outcome === 'timeout') {
        return errorFindings(requirements, `A TLS handshake offering 1.2 and 1.3 to ${where} got no answer (${byDefault.code}: ${byDefault.message}), so the TLS version could not be decided.`);
      }
      const findings: Finding[] = [];
      for (const requirement of requirements) {
        if (byDefault.outcome !== 'connected') {
          findings.push(judged(requirement, 'fail', `A TLS handshake offering 1.2 and 1.3 to ${where} was refused (${describe(byDefault)}); expected TLS 1.3 (${requirement}).`, byDefault));
        } else if (byDefault.protocol !== 'TLSv1.3') {
          findings.push(judged(requirement, 'fail', `A client offering TLS 1.2 and 1.3 to ${where} negotiated ${byDefault.protocol}; expected TLSv1.3 (${requirement}). Prefer TLS 1.3.`, byDefault));
        } else {
          findings.push(judged(requirement, 'pass', `A client offering TLS 1.2 and 1.3 to ${where} negotiated TLSv1.3.`, byDefault));
        }
      }
      if (requirements.includes('API-006')) findings.push(judgeRefusal('API-006', await probe({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }), 'TLS 1.2-only', where, 'Set the minimum TLS version to 1.3.'));
      if (requirements.includes('ID-010')) {
        findings.push(judgeRefusal('ID-010', await probe({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }), 'TLS 1.0/1.1', where, 'Never accept TLS below 1.2.'));
      }
      return findings;
    }),
});

function judged(requirement: string, outcome: 'pass' | 'fail' | 'error', message: string, probe: TlsProbeResult): Finding {
  return { requirement, outcome, message, evidence: { handshake: probe.handshake }, observed: probe.observed };
}

/** A handshake the server must refuse: refused passes, connected fails, no answer is `error`. */
function judgeRefusal(requirement: string, probe: TlsProbeResult, offered: string, where: string, fix: string): Finding {
  if (probe.outcome === 'connected') return judged(requirement, 'fail', `A ${offered} handshake with ${where} succeeded (${probe.protocol}); expected it refused (${requirement}). ${fix}`, probe);
  if (probe.outcome === 'refused') return judged(requirement, 'pass', `A ${offered} handshake with ${where} was refused (${probe.code}).`, probe);
  return judged(requirement, 'error', `A ${offered} handshake with ${where} got no answer (${probe.code}: ${probe.message}), so ${requirement} could not be decided.`, probe);
}

function describe(result: TlsProbeResult): string {
  return result.outcome === 'connected' ? result.protocol : `${result.outcome}: ${result.code}`;
}
