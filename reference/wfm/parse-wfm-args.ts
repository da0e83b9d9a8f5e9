import { UnsafeInputError, USER_FILE_LIMITS } from '../../core/input/limits.js';
import { readFileBoundedSync } from '../../core/input/read-file-bounded.js';
import { parseArgs } from 'node:util';
import { resolveEdition } from '../../core/catalog/editions.js';
import { DEPLOYMENT_SHAPES, type DeploymentShape } from './desired/render-deployment.js';
import { createFaultSet } from './faults.js';
import type { WfmOptions } from './start-wfm.js';

/**
 * The launch contract: flags, each with an environment fallback (flags win). Certificate, key and
 * trust bundle are file paths. Throws one line naming the missing or wrong setting.
 */
export function parseWfmArgs(argv: string[], env: NodeJS.ProcessEnv): WfmOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      edition: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'control-port': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      'trust-domain': { type: 'string' },
      'wfm-id': { type: 'string' },
      'state-dir': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'replay-window': { type: 'string' },
      'deployment-shape': { type: 'string' },
      'keep-alive': { type: 'string' },
    },
    strict: true,
  });
  const editionName = values.edition ?? env['MARGO_EDITION'] ?? '1.0.0-rc.3';
  const edition = resolveEdition(editionName);
  if (!edition) throw new Error(`--edition "${editionName}" is not a known edition; use 1.0.0-rc.3 or preview-1.`);
  const file = (flag: string, value: string | undefined, variable: string) => {
    const path = value ?? env[variable];
    if (!path) throw new Error(`--${flag} (or ${variable}) is required: a PEM file path.`);
    try {
      return readFileBoundedSync(path, { limit: USER_FILE_LIMITS.pki, what: `--${flag}` }).toString('utf8');
    } catch (cause) {
      if (cause instanceof UnsafeInputError) throw cause;
      throw new Error(`--${flag} ${path} cannot be read: ${(cause as Error).message}`, { cause });
    }
  };
  const port = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${flag} "${value}" is not a port number (0-65535).`);
    return n;
  };
  const faults = values.fault ?? (env['MARGO_FAULTS'] ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  createFaultSet(faults);
  const replay = values['replay-window'];
  const options: WfmOptions = {
    edition: edition.id,
    host: values.host ?? env['MARGO_WFM_HOST'] ?? '127.0.0.1',
    tls: {
      certPem: file('cert', values.cert, 'MARGO_TLS_CERT'),
      keyPem: file('key', values.key, 'MARGO_TLS_KEY'),
      caPem: file('ca', values.ca, 'MARGO_TRUST_BUNDLE'),
    },
    faults,
  };
  // Only for the serves-client-svid fault (self-test): another principal's SVID to serve instead of the WFM's.
  if (env['MARGO_TLS_OTHER_CERT'] && env['MARGO_TLS_OTHER_KEY']) {
    options.tls.otherPrincipal = { certPem: file('other-cert', undefined, 'MARGO_TLS_OTHER_CERT'), keyPem: file('other-key', undefined, 'MARGO_TLS_OTHER_KEY') };
  }
  const apiPort = port('port', values.port ?? env['MARGO_WFM_PORT']);
  const controlPort = port('control-port', values['control-port'] ?? env['MARGO_CONTROL_PORT']);
  if (apiPort !== undefined) options.port = apiPort;
  if (controlPort !== undefined) options.controlPort = controlPort;
  const trustDomain = values['trust-domain'] ?? env['MARGO_TRUST_DOMAIN'];
  const wfmId = values['wfm-id'] ?? env['MARGO_WFM_ID'];
  const stateDir = values['state-dir'] ?? env['MARGO_STATE_DIR'];
  if (trustDomain) options.trustDomain = trustDomain;
  if (wfmId) options.wfmId = wfmId;
  if (stateDir) options.stateDir = stateDir;
  if (replay !== undefined) {
    const seconds = Number(replay);
    if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--replay-window "${replay}" is not a whole number of seconds.`);
    options.replayWindowSeconds = seconds;
  }
  const keepAlive = values['keep-alive'] ?? env['MARGO_KEEP_ALIVE'];
  if (keepAlive !== undefined) {
    const seconds = Number(keepAlive);
    if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--keep-alive "${keepAlive}" is not a whole number of seconds.`);
    options.keepAliveSeconds = seconds;
  }
  const shape = values['deployment-shape'] ?? env['MARGO_DEPLOYMENT_SHAPE'];
  if (shape !== undefined) {
    if (!(DEPLOYMENT_SHAPES as readonly string[]).includes(shape)) throw new Error(`--deployment-shape "${shape}" is not known; use ${DEPLOYMENT_SHAPES.join(' or ')}.`);
    options.deploymentShape = shape as DeploymentShape;
  }
  return options;
}
