import { defineCheck } from '../../../core/runner/check.js';
import type { EvidenceRef, Finding } from '../../../core/results/model.js';
import type { RecordedExchange } from '../../../instruments/mock-wfm/index.js';
import type { DeviceContext } from '../context.js';
import { expired, fail } from '../support/findings.js';
import { IGNORED_POLLS, requestLine } from '../support/observations.js';
import { configuredScenario, steady } from '../support/session-scope.js';
import { presentWfm, refusedLine } from '../support/trust-bundle.js';
import type { Session } from '../session.js';

const REQUIREMENTS = ['ID-021', 'ID-022'];

/**
 * rc.3 SVID renewal, both ends of the connection. ID-021: the harness renews the device's own SVID on disk
 * (launch contract: both files replaced in place) while the mock closes every connection once its request
 * is answered, so each request brings a TLS handshake showing which leaf the device presents. ID-022: the
 * mock presents a renewed WFM SVID (new leaf, same CA and SPIFFE ID) and the device must keep talking.
 */
export const svidRenewal = defineCheck<DeviceContext>({
  id: 'device-api/svid-renewal',
  title: "The device keeps working after its own SVID and the WFM's SVID are renewed",
  requirements: REQUIREMENTS,
  run: (context) =>
    configuredScenario(context, REQUIREMENTS, 'svid-renewal', {}, async (session) => {
      await steady(session, context.waitMs);
      return [...(context.scope.has('ID-021') ? await ownRenewal(context, session) : []), ...(context.scope.has('ID-022') ? await wfmRenewal(context, session) : [])];
    }),
});

/**
 * How long a renewal waits for the device's next connection: three scenario waits, because each renewal
 * makes the device drop its connection and open a new one (a TLS handshake with a key or chain it must read
 * again), and on a machine busy with other work that reconnect took longer than one wait. The verdict stands on
 * the connections recorded, so a longer wait only delays the `error` of a device that never reconnects.
 */
function renewalWait(context: DeviceContext): number {
  return 3 * context.waitMs;
}

/** ID-021: the leaf the device presents on connections opened after its SVID was renewed on disk. */
async function ownRenewal(context: DeviceContext, session: Session): Promise<Finding[]> {
  const { traffic } = session.mock;
  const { previous, renewed } = await session.renewSvid();
  const socketsBefore = traffic.sockets.length;
  const since = traffic.mark();
  session.mock.setHooks({ closeAfterAnswer: true });
  // Requests on connections opened after the renewal: the one open before it is closed after its next answer.
  const fresh = () => traffic.sockets.slice(socketsBefore).flatMap((socket) => socket.exchanges.flatMap((seq) => traffic.exchanges[seq] ?? []));
  const working = () => fresh().find((e) => e.clientLeaf?.fingerprint256 === renewed && e.response !== undefined && e.response.status < 400);
  const stale = () => fresh().filter((e) => e.route === 'deployments' && e.clientLeaf?.fingerprint256 === previous);
  try {
    await traffic.waitUntil(() => working() !== undefined || stale().length >= IGNORED_POLLS, { timeoutMs: renewalWait(context), what: 'a request on a connection presenting the renewed SVID' }).catch(() => undefined);
  } finally {
    session.mock.setHooks({});
  }
  const exchange = working();
  if (exchange) {
    return [{ requirement: 'ID-021', outcome: 'pass', message: `${requestLine(exchange)} came on a connection presenting the renewed SVID (leaf ${renewed}) and was answered ${exchange.response?.status}, without a restart.`, observed: refsOf([exchange]) }];
  }
  const old = stale();
  if (old.length >= IGNORED_POLLS) {
    const last = old.at(-1) as RecordedExchange;
    return [{ ...fail('ID-021', `After its SVID was renewed on disk, the device polled the manifest ${IGNORED_POLLS} times on new connections, the last ${requestLine(last)}, each presenting the old leaf ${previous} instead of the renewed ${renewed} (ID-021). Read the SVID files again before each new connection, or when they change.`, last), observed: refsOf(old) }];
  }
  return expired(['ID-021'], { awaited: `a request on a new connection presenting the renewed SVID (leaf ${renewed}), or ${IGNORED_POLLS} polls presenting the old one`, waitMs: renewalWait(context), traffic, since });
}

/** ID-022: the mock WFM presents a renewed SVID of its own (new key and validity, same CA and SPIFFE ID). */
async function wfmRenewal(context: DeviceContext, session: Session): Promise<Finding[]> {
  const renewed = await context.pki.issueWfm();
  const verdict = await presentWfm(session, { name: 'renewed-wfm-svid', certPem: renewed.certPem, keyPem: renewed.keyPem }, renewalWait(context));
  switch (verdict.verdict) {
    case 'accepted':
      return [{ requirement: 'ID-022', outcome: 'pass', message: `${requestLine(verdict.exchange)} came on a connection to the WFM presenting its renewed SVID (same SPIFFE ID and CA, new key).`, observed: refsOf([verdict.exchange]) }];
    case 'refused':
      return [fail('ID-022', `The device refused the WFM's renewed SVID (same SPIFFE ID, new key and validity, from the same CA): ${refusedLine(verdict.refused)} (ID-022). Verify the WFM by its chain to the trust anchors and its SPIFFE ID, not by the leaf seen first.`)];
    case 'expired':
      return expired(['ID-022'], { awaited: verdict.awaited, waitMs: verdict.waitMs, traffic: session.mock.traffic, since: verdict.since });
    case 'silent':
      return expired(['ID-022'], { awaited: 'a connection to the WFM presenting its renewed SVID', waitMs: renewalWait(context), traffic: session.mock.traffic });
  }
}

/** The exchanges and, for each, the TLS handshake it came on. */
function refsOf(exchanges: readonly RecordedExchange[]): EvidenceRef[] {
  const ids = exchanges.flatMap((e) => [e.evidence.id, e.clientLeaf?.handshake]).filter((id): id is string => id !== undefined);
  return [...new Set(ids)].map((id) => ({ kind: 'traffic', id }));
}
