import type { TestPki } from '../../../core/identity/index.js';
import { bundleDocument, type TrustBundleServing, type TrustServerCertificate } from '../../../instruments/mock-wfm/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { awaited, expired, fail, happened, passed, undecided } from '../support/findings.js';
import { requestLine } from '../support/observations.js';
import { configuredScenario } from '../support/session-scope.js';
import { defaultServing, isWfmRequest, trustRequests } from '../support/trust-bundle.js';
import type { Session } from '../session.js';

/** Discovery fetches that make the observation window of a refusal: the device's own retries, not wall time. */
const DISCOVERY_RETRIES = 3;
/** Connections to watch per defective trust bundle server certificate. */
const ATTEMPTS = 2;

/**
 * Runs a trust-bundle-api scenario: a fresh device with no bundle, the trust bundle server serving what
 * `serving` says (and presenting `certificate`). Skipped for a device started by hand.
 */
function bootstrapScenario(context: DeviceContext, requirements: string[], name: string, serving: (pki: TestPki) => TrustBundleServing, body: (session: Session) => Promise<Finding[]>, certificate?: TrustServerCertificate): Promise<Finding[]> | Finding[] {
  return configuredScenario(context, requirements, name, { trustBundle: serving, deferStart: true }, async (session) => {
    if (certificate) session.mock.trustBundle?.present(certificate);
    await session.start();
    return body(session);
  });
}

/** After the scenario's defect is gone the device must get going, or a refusal proved nothing (the rows are then undecided). */
async function recovers(context: DeviceContext, session: Session, requirements: string[], findings: Finding[]): Promise<Finding[]> {
  const { traffic } = session.mock;
  const since = traffic.mark();
  session.mock.trustBundle?.serve(defaultServing(context.pki));
  session.mock.trustBundle?.present('valid');
  if (await happened(traffic.waitFor(isWfmRequest, { since, timeoutMs: context.waitMs * 2 }))) return findings;
  const open = requirements.filter((id) => !findings.some((f) => f.requirement === id));
  return [...findings, ...undecided(open, `Once the trust bundle server served a valid discovery document and bundle, the device still sent no request to the WFM within ${context.waitMs * 2} ms, so its refusal could not be told from a device that does not work at all.`)];
}

/** ID-019: a trust bundle server with a certificate from an unknown CA, then one for another name, gets no request. */
export const trustBundleServerIdentity = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-server-identity',
  title: 'The device authenticates the trust bundle server by its anchor and name, never on first use',
  requirements: ['ID-019'],
  run: (context) =>
    bootstrapScenario(
      context,
      ['ID-019'],
      'trust-bundle-server-identity',
      defaultServing,
      async (session) => {
        const { traffic } = session.mock;
        const findings: Finding[] = [];
        const rows: { certificate: TrustServerCertificate; defect: string }[] = [
          { certificate: 'untrusted', defect: 'a certificate from a CA the device was not given' },
          { certificate: 'wrong-name', defect: 'a certificate from the right CA for another host name' },
        ];
        for (const row of rows) {
          session.mock.trustBundle?.present(row.certificate);
          const since = traffic.connections.length;
          const mark = traffic.mark();
          const leak = () => traffic.exchanges.slice(mark).find((e) => (e.route ?? '').startsWith('trust-'));
          await traffic.waitUntil(() => leak() !== undefined || traffic.connections.slice(since).filter((c) => c.server === 'trust-bundle' && c.identity === row.certificate).length >= ATTEMPTS, {
            timeoutMs: context.waitMs,
            what: `${ATTEMPTS} connection attempts to a trust bundle server presenting ${row.defect}`,
          });
          const leaked = leak();
          if (leaked) findings.push(fail('ID-019', `${requestLine(leaked)} was sent to a trust bundle server presenting ${row.defect} (ID-019). Authenticate discovery and bundle retrieval by the provisioned anchor and the server's name; never trust on first use.`, leaked));
        }
        return recovers(context, session, ['ID-019'], findings);
      },
      'untrusted',
    ),
});

/** TB-001: a discovery document and a bundle with members the device does not know still get it going. */
export const trustBundleUnknownFields = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-unknown-fields',
  title: 'The device ignores unknown members of the discovery document and the bundle',
  requirements: ['TB-001'],
  run: (context) =>
    bootstrapScenario(
      context,
      ['TB-001'],
      'trust-bundle-unknown-fields',
      (pki) => ({
        discovery: { 'x-acme-region': 'eu-1', issuer: 'margo-conformance' },
        bundle: bundleDocument(pki.bundlePem, { sequence: 1, extraMembers: { 'x-acme-note': 'not part of the SPIFFE bundle format' } }),
      }),
      async (session) => {
        const { traffic } = session.mock;
        const went = await awaited(traffic.waitFor(isWfmRequest, { timeoutMs: context.waitMs }));
        if (went) return passed(['TB-001'], `${requestLine(went)} reached the WFM after the discovery document and bundle served members the device does not know.`, [...trustRequests(traffic, 'trust-discovery'), ...trustRequests(traffic, 'trust-bundle'), went]);
        const fetched = trustRequests(traffic, 'trust-bundle').at(-1) ?? trustRequests(traffic, 'trust-discovery').at(-1);
        if (!fetched) return undecided(['TB-001'], `The device did not fetch the discovery document within ${context.waitMs} ms, so whether it tolerates unknown members could not be judged.`);
        // Proof of a refusal is the device starting over (discovery again) instead of going on; silence proves nothing.
        const firstSeq = trustRequests(traffic, 'trust-discovery')[0]?.seq ?? fetched.seq;
        const retried = trustRequests(traffic, 'trust-discovery', firstSeq + 1);
        if (retried.length < 2) return expired(['TB-001'], { awaited: `a request to the WFM after ${requestLine(fetched)} served members the device does not know`, waitMs: context.waitMs, traffic, since: firstSeq + 1 });
        return [fail('TB-001', `${requestLine(fetched)} served a valid document with members the device does not know (two in the discovery document, one in the bundle and in each key), and the device fetched discovery ${retried.length} more times instead of going on to the WFM (TB-001). Ignore members you do not know.`, fetched)];
      },
    ),
});

/** TB-004: a discovery document naming another trust domain is a configuration error: the device does not go on to the WFM. */
export const trustBundleTrustDomain = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-trust-domain',
  title: 'The device refuses a discovery document of another trust domain',
  requirements: ['TB-004'],
  run: (context) =>
    bootstrapScenario(context, ['TB-004'], 'trust-bundle-trust-domain', (pki) => ({ ...defaultServing(pki), discovery: { trustDomain: pki.foreign.trustDomain } }), async (session) => {
      const { traffic } = session.mock;
      await traffic.waitUntil(() => traffic.exchanges.some(isWfmRequest) || trustRequests(traffic, 'trust-discovery').length >= DISCOVERY_RETRIES, { timeoutMs: context.waitMs }).catch(() => undefined);
      const used = traffic.exchanges.find(isWfmRequest);
      const discovery = trustRequests(traffic, 'trust-discovery')[0];
      if (!discovery) return undecided(['TB-004'], `The device did not fetch the discovery document within ${context.waitMs} ms.`);
      // A refusal is the device fetching discovery again and again instead of going on; fewer fetches prove nothing.
      if (!used && trustRequests(traffic, 'trust-discovery').length < DISCOVERY_RETRIES) return expired(['TB-004'], { awaited: `${DISCOVERY_RETRIES} discovery fetches or a request to the WFM after ${requestLine(discovery)} named another trust domain`, waitMs: context.waitMs, traffic });
      const findings = used ? [fail('TB-004', `${requestLine(used)} went to the WFM although ${requestLine(discovery)} named trust domain "${context.pki.foreign.trustDomain}", not the device's own "${context.pki.trustDomain}" (TB-004). Treat a trust domain mismatch as a configuration error.`, used)] : [];
      return recovers(context, session, ['TB-004'], findings);
    }),
});

/** TB-005: an http trustBundleUri is never requested. */
export const trustBundleHttpsOnly = defineCheck<DeviceContext>({
  id: 'device-api/trust-bundle-https-only',
  title: 'The device refuses a trustBundleUri that is not https',
  requirements: ['TB-005'],
  run: (context) =>
    bootstrapScenario(context, ['TB-005'], 'trust-bundle-https-only', (pki) => ({ ...defaultServing(pki), bundleScheme: 'http' }), async (session) => {
      const { traffic } = session.mock;
      await traffic.waitUntil(() => trustRequests(traffic, 'trust-bundle-http').length > 0 || trustRequests(traffic, 'trust-discovery').length >= DISCOVERY_RETRIES, { timeoutMs: context.waitMs }).catch(() => undefined);
      if (trustRequests(traffic, 'trust-discovery').length === 0) return undecided(['TB-005'], `The device did not fetch the discovery document within ${context.waitMs} ms.`);
      const followed = trustRequests(traffic, 'trust-bundle-http')[0];
      if (!followed && trustRequests(traffic, 'trust-discovery').length < DISCOVERY_RETRIES) return expired(['TB-005'], { awaited: `${DISCOVERY_RETRIES} discovery fetches or a fetch of the http trustBundleUri`, waitMs: context.waitMs, traffic });
      const findings = followed ? [fail('TB-005', `${requestLine(followed)} fetched the bundle over plain http because the discovery document said so (TB-005). Refuse a trustBundleUri whose scheme is not https.`, followed)] : [];
      return recovers(context, session, ['TB-005'], findings);
    }),
});
