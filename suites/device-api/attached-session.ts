import { currentObservationScope } from '../../core/evidence/run-traffic.js';
import { gunzipSync } from 'node:zlib';
import type { Edition } from '../../core/catalog/editions.js';
import { LaunchError } from '../../core/launch/launcher.js';
import { routeOf, WaitTimeoutError, type MockWfm, type TrafficLog } from '../../instruments/mock-wfm/index.js';
import { ATTACHED_REASON, type DeploymentType } from './context.js';
import type { Session, SessionOptions } from './session.js';
import { manifestPolls, waitForPolls } from './support/observations.js';
import { descriptionYaml, profileIdOf } from './support/test-application.js';

export interface AttachedSessionsOptions {
  edition: Edition;
  deploymentType: DeploymentType;
  /** The one long-lived mock WFM the device started by hand talks to. */
  mock: MockWfm;
  /** How the engine knows the device: its SPIFFE ID (rc.3) or certificate (preview-1). */
  credential: { spiffeId: string } | { certificatePem: string };
  waitMs: number;
}

type Capabilities = ReturnType<Session['capabilities']>;

/**
 * Attached mode (`--mock-wfm-port`): scenarios run one after the other against one device the harness
 * neither starts nor restarts. Each session is a fresh logical state on the same mock: a fresh traffic
 * log, no hooks, and the previous session's deployments removed. The engine's client record stays, so its
 * manifestVersion keeps rising across sessions, as the device's persisted version requires (DS-026).
 * The first session's log starts with the mock, so it holds the device's first requests (CAP-001).
 */
export async function createAttachedSessions(options: AttachedSessionsOptions): Promise<(name: string, sessionOptions?: SessionOptions) => Promise<Session>> {
  const { edition, mock, credential, waitMs } = options;
  const { deviceId, capabilities } = await firstCapabilities(mock.traffic, edition, waitMs);
  const loaded = new Set<string>();
  let highestServed = 0;
  let current: { retire(): Promise<void> } | undefined;
  let first = true;

  const client = async () => {
    await mock.traffic.waitUntil(() => mock.operator.clientRef(credential) !== undefined, { timeoutMs: waitMs, what: 'the device onboarding to the WFM' });
    return mock.operator.clientRef(credential) as string;
  };

  return async (name, sessionOptions = {}) => {
    if (sessionOptions.pollingPeriod || sessionOptions.downtime || sessionOptions.deferStart) throw new Error(`Scenario ${name} configures the device, which ${ATTACHED_REASON}.`);
    await current?.retire();
    if (!first) mock.beginScenario();
    mock.attributeTo(currentObservationScope());
    // A new manifestVersion above everything served so far: the session's log starts with a 200 poll, and the
    // device, which persists its last accepted version, takes it (DS-026).
    const ref = mock.operator.clientRef(credential);
    if (ref !== undefined && !first) mock.operator.raiseManifestVersionAbove(ref, Math.max(highestServed, mock.operator.manifestVersion(ref)));
    first = false;
    const traffic = mock.traffic;
    const deployments: string[] = [];
    let retired: Promise<void> | undefined;
    const retire = () =>
      (retired ??= (async () => {
        mock.setHooks({});
        highestServed = Math.max(highestServed, ...servedVersions(traffic));
        if (deployments.length === 0) return;
        for (const id of deployments) {
          try {
            mock.operator.deleteDeployment(id);
          } catch {
            // The scenario removed it itself (lifecycle).
          }
        }
        const target = mock.operator.manifestVersion(await client());
        // Let the device take the emptied manifest and report the removals before the next log starts.
        const since = traffic.mark();
        await traffic
          .waitFor((e) => e.route === 'deployments' && servedVersions(traffic, e).some((v) => v >= target), { since, timeoutMs: waitMs })
          .then(() => waitForPolls(traffic, 2, { since: traffic.mark(), timeoutMs: waitMs }))
          .catch((cause: unknown) => {
            if (!(cause instanceof WaitTimeoutError)) throw cause;
          });
      })());
    current = { retire };
    const unavailable = (what: string) => () => Promise.reject(new Error(`${what}: ${ATTACHED_REASON}.`));
    return {
      name,
      mock,
      deviceId,
      start: () => Promise.resolve(),
      client,
      capabilities: () => capabilities,
      async assign(application) {
        const clientRef = await client();
        if (!loaded.has(application.id)) {
          mock.operator.loadPackage(descriptionYaml(edition, options.deploymentType, application));
          loaded.add(application.id);
        }
        const deploymentId = mock.operator.createDeployment({ client: clientRef, deviceId, applicationId: application.id, profileId: profileIdOf(application) });
        deployments.push(deploymentId);
        return { deploymentId, components: application.components.map((c) => c.name) };
      },
      restart: unavailable('Cannot restart the device'),
      renewSvid: unavailable('Cannot renew the device\'s SVID'),
      writeCapabilities: unavailable('Cannot change the device\'s capabilities'),
      logs: () => '',
      close: retire,
    };
  };
}

/** The device's identity and capabilities, from its first capabilities report (path deviceId, else properties.id). */
async function firstCapabilities(traffic: TrafficLog, edition: Edition, waitMs: number): Promise<{ deviceId: string; capabilities: Capabilities }> {
  let report;
  try {
    report = await traffic.waitFor((e) => e.route === 'capabilities' && e.method !== 'DELETE' && e.response !== undefined && e.response.status < 300, { timeoutMs: waitMs, what: 'an accepted capabilities report' });
  } catch (cause) {
    if (!(cause instanceof WaitTimeoutError)) throw cause;
    throw new LaunchError(`The device connected but no capabilities report was accepted within ${waitMs} ms (CAP-001), so its identity is unknown. Check its trust files and device id against the launch contract.`, '', { cause });
  }
  const body = (report.json ?? {}) as { properties?: Record<string, unknown>; labels?: Record<string, unknown> };
  const properties = body.properties ?? {};
  const deviceId = routeOf(edition, report.method, report.path)?.params['deviceId'] ?? String(properties['id'] ?? '');
  return { deviceId, capabilities: { properties, ...(body.labels ? { labels: body.labels } : {}) } };
}

/** manifestVersion of every manifest served with 200 (one exchange, or the whole log). */
function servedVersions(traffic: TrafficLog, only?: { seq: number }): number[] {
  const polls = manifestPolls(traffic).filter((e) => e.response?.status === 200 && (!only || e.seq === only.seq));
  return polls.flatMap((e) => {
    try {
      const raw = e.response?.body ?? Buffer.alloc(0);
      const body = e.response?.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const version = (JSON.parse(body.toString('utf8')) as { manifestVersion?: unknown }).manifestVersion;
      return typeof version === 'number' ? [version] : [];
    } catch {
      return [];
    }
  });
}
