import { probeTls } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { fetchManifest } from '../support/desired-state.js';
import { fail, guarded } from '../support/findings.js';

const REQUIREMENTS = ['API-001', 'API-002', 'API-003'];

/**
 * The management API as a whole: served (API-001: a fresh client gets its manifest), over HTTP/1.1
 * (API-002: ALPN offers only http/1.1 and the server agrees or names none), on port 443 (API-003: only
 * decidable against a production-like target; a test port is a skip, not a failure).
 */
export const transport = defineCheck<WfmContext>({
  id: 'wfm-api/transport',
  title: 'The management API is served over HTTP/1.1 on port 443',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const client = await context.newClient('api-001');
      await fetchManifest(client);
      const findings: Finding[] = [];
      const probe = await probeTls({ url: context.url, identity: client.identity, alpn: ['http/1.1'] });
      if (probe.outcome === 'connected' && probe.alpn !== false && probe.alpn !== 'http/1.1') {
        findings.push(fail('API-002', `The TLS handshake with ${new URL(context.url).host} negotiated ALPN ${probe.alpn} for a client offering only http/1.1 (API-002). Serve the management API over HTTP/1.1.`));
      }
      const port = new URL(context.url).port || '443';
      if (port !== '443') findings.push({ requirement: 'API-003', outcome: 'skip', message: `The target listens on port ${port} for this test run; port 443 is only checked against a production-like target (API-003).` });
      return findings;
    }),
});
