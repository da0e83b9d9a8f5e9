import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';
import { createControlServer, CONTROL_BASE } from './control/control-server.js';
import { createEngine } from './engine.js';
import { createFaultSet } from './faults.js';
import { createApiServer } from './http/api-server.js';
import type { TlsMaterial } from './auth/tls-options.js';
import type { RateLimit } from './http/rate-limiter.js';
import type { DeploymentShape } from './desired/render-deployment.js';

export interface WfmOptions {
  edition: EditionId;
  /** @default '127.0.0.1' */
  host?: string;
  /** API port; 0 picks a free one. @default 0 */
  port?: number;
  /** Control-adapter port on 127.0.0.1; 0 picks a free one. @default 0 */
  controlPort?: number;
  /** The WFM's server certificate (chain) and key, and the CA: client trust anchors (rc.3) or onboarding CA (preview-1). */
  tls: TlsMaterial;
  /** @default 'margo.test' */
  trustDomain?: string;
  /** @default 'wfm-1' */
  wfmId?: string;
  /** Directory for the persisted state (manifestVersion counters survive restarts, DS-011); memory only when absent. */
  stateDir?: string;
  /** Fault ids from `WFM_FAULTS`. @default [] */
  faults?: string[];
  /** Replay window for RFC 9421 `created` (SIG-006). @default 300 */
  replayWindowSeconds?: number;
  /** Per-client request rate; a client past it gets 429 with Retry-After. `false` turns it off. @default { burst: 100, perSecond: 20 } */
  rateLimit?: RateLimit | false;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
  /** ApplicationDeployment shape (DS-035); both are conformant. @default 'edition' */
  deploymentShape?: DeploymentShape;
  /** Seconds an idle keep-alive connection stays open; above the devices' poll interval, a poll costs no TLS handshake. @default 5 (Node's) */
  keepAliveSeconds?: number;
}

export interface RunningWfm {
  /** `https://host:port` of the management API. */
  url: string;
  /** `http://127.0.0.1:port/control/v1` of the control adapter. */
  controlUrl: string;
  close(): Promise<void>;
}

/** Starts the reference WFM: the management API over TLS and the control adapter on loopback. */
export async function startWfm(options: WfmOptions): Promise<RunningWfm> {
  const edition = EDITIONS[options.edition];
  if (!edition) throw new Error(`Unknown edition "${options.edition}". Use one of: ${Object.keys(EDITIONS).join(', ')}.`);
  const faults = createFaultSet(options.faults);
  const host = options.host ?? '127.0.0.1';
  const engine = createEngine({
    edition,
    faults,
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    settings: {
      trustDomain: options.trustDomain ?? 'margo.test',
      wfmId: options.wfmId ?? 'wfm-1',
      caPem: options.tls.caPem,
      replayWindowSeconds: options.replayWindowSeconds ?? 300,
      now: options.now ?? Date.now,
      ...(options.deploymentShape ? { deploymentShape: options.deploymentShape } : {}),
    },
  });
  const { context } = engine;
  const api = createApiServer(context, { tls: options.tls, rateLimit: options.rateLimit ?? { burst: 100, perSecond: 20 } });
  if (options.keepAliveSeconds !== undefined) api.keepAliveTimeout = options.keepAliveSeconds * 1000;
  const control = createControlServer(context);
  const apiPort = await listen(api, host, options.port ?? 0);
  let controlPort: number;
  try {
    controlPort = await listen(control, '127.0.0.1', options.controlPort ?? 0);
  } catch (cause) {
    await closeServer(api);
    throw cause;
  }
  const origin = `https://${host.includes(':') ? `[${host}]` : host}:${apiPort}`;
  engine.setOrigin(origin);
  return {
    url: origin,
    controlUrl: `http://127.0.0.1:${controlPort}${CONTROL_BASE}`,
    close: async () => {
      await Promise.all([closeServer(api), closeServer(control)]);
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (cause) => reject(new Error(`Cannot listen on ${host}:${port}: ${cause.message}`, { cause })));
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
