import type { EditionId } from '../../core/catalog/types.js';
import type { TestPki } from '../../core/identity/index.js';
import { containerUser, keyFileMode } from './container-user.js';
import type { ContainerRun } from './container-run.js';
import { HOST, type Readiness } from './container-readiness.js';
import { freePort } from './free-port.js';
import type { LaunchedSut, Launcher } from '../../core/launch/launcher.js';
import { startContainer } from './start-container.js';

export interface ContainerLaunchOptions {
  /** The image of the system under test (`--sut-image`); must exist in the engine, nothing is pulled. */
  image: string;
  run: ContainerRun;
  /** Extra environment (`--sut-env K=V`), applied over the launch contract's variables. @default {} */
  env?: Record<string, string>;
  /** How readiness is decided. @default the launch contract's ready line on stdout */
  readiness?: ReadinessKind;
  /** How long to wait for readiness. @default 30000 */
  readyTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL. @default 5000 */
  stopTimeoutMs?: number;
  /** `uid:gid` to run as. @default the harness's own ids when it is not root, else the image's user */
  user?: string;
}

/** Readiness as chosen on the command line; the launcher fills in the port. */
export type ReadinessKind = { kind: 'log'; pattern?: RegExp } | { kind: 'port' } | { kind: 'https'; path?: string };

export interface WfmContainerOptions extends ContainerLaunchOptions {
  edition: EditionId;
  pki: TestPki;
  /** Port the WFM listens on in the container (`--sut-port`); with host networking also the host port. @default a free port, passed as MARGO_WFM_PORT */
  port?: number;
  /** Reference-WFM faults (`MARGO_FAULTS`), for the self-test. */
  faults?: string[];
}

/** Where the launch contract's files go inside the container. */
export const TRUST_DIR = '/margo/trust';
const STATE_DIR = '/margo/state';

/**
 * Starts a WFM image under the launch contract (reference/wfm/README.md): its certificate, key and the
 * trust bundle copied in as files, `MARGO_*` environment, host networking so the API is on 127.0.0.1.
 * `restart` restarts the same container, so the state directory and ports survive (DS-011).
 */
export function createContainerLauncher(options: WfmContainerOptions): Launcher {
  return {
    describe: () => options.image,
    async start() {
      await options.run.prepare(options.image);
      const port = options.port ?? (await freePort());
      const controlPort = await freePort();
      const user = containerUser(options.user);
      const keyMode = keyFileMode(user);
      const env: Record<string, string> = {
        MARGO_EDITION: options.edition,
        MARGO_WFM_HOST: HOST,
        MARGO_WFM_PORT: String(port),
        MARGO_CONTROL_PORT: String(controlPort),
        MARGO_TLS_CERT: `${TRUST_DIR}/wfm.pem`,
        MARGO_TLS_KEY: `${TRUST_DIR}/wfm.key`,
        MARGO_TRUST_BUNDLE: `${TRUST_DIR}/ca.pem`,
        MARGO_TRUST_DOMAIN: options.pki.trustDomain,
        MARGO_WFM_ID: options.pki.wfmId,
        MARGO_STATE_DIR: STATE_DIR,
        MARGO_FAULTS: (options.faults ?? []).join(','),
        ...options.env,
      };
      const container = await startContainer({
        engine: options.run.engine,
        image: options.image,
        role: 'WFM',
        runId: options.run.runId,
        owner: options.run.owner,
        env,
        files: [
          { target: `${TRUST_DIR}/wfm.pem`, content: options.pki.wfm.certPem, mode: 0o644 },
          { target: `${TRUST_DIR}/wfm.key`, content: options.pki.wfm.keyPem, mode: keyMode },
          { target: `${TRUST_DIR}/ca.pem`, content: options.pki.bundlePem, mode: 0o644 },
        ],
        ...(user ? { user } : {}),
        readiness: withPort(options.readiness ?? { kind: 'log' }, port),
        readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
        stopTimeoutMs: options.stopTimeoutMs ?? 5000,
      });
      const ready = container.readyLine();
      return {
        url: typeof ready?.url === 'string' ? ready.url : `https://${HOST}:${port}`,
        controlUrl: typeof ready?.controlUrl === 'string' ? ready.controlUrl : `http://${HOST}:${controlPort}/control/v1`,
        logs: () => container.logs(),
        restart: () => container.restart(),
        stop: () => container.stop(),
      } satisfies LaunchedSut;
    },
  };
}

function withPort(readiness: ReadinessKind, port: number): Readiness {
  return readiness.kind === 'log' ? readiness : { ...readiness, port };
}
