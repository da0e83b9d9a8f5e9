import { UnsafeInputError, USER_FILE_LIMITS } from '../../core/input/limits.js';
import { readFileBoundedSync } from '../../core/input/read-file-bounded.js';
import { parseArgs } from 'node:util';
import { resolveEdition } from '../../core/catalog/editions.js';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from '../../core/http-signatures/index.js';
import { readCapabilitiesFile } from './capabilities/read-capabilities-file.js';
import type { DeviceOptions, SvidTrust } from './device-options.js';
import { createDeviceFaultSet } from './faults.js';
import { parseDowntime, parsePollingPeriod } from './schedule/poll-schedule.js';

/** `--name` -> environment variable; flags win over the environment (README: launch contract). */
export const DEVICE_ENV = {
  edition: 'MARGO_EDITION',
  'wfm-url': 'MARGO_WFM_URL',
  'trust-bundle': 'MARGO_TRUST_BUNDLE',
  'trust-discovery-url': 'MARGO_TRUST_DISCOVERY_URL',
  'trust-discovery-ca': 'MARGO_TRUST_DISCOVERY_CA',
  'svid-cert': 'MARGO_SVID_CERT',
  'svid-key': 'MARGO_SVID_KEY',
  'trust-domain': 'MARGO_TRUST_DOMAIN',
  'wfm-id': 'MARGO_WFM_ID',
  'wfm-ca': 'MARGO_WFM_CA',
  'client-cert': 'MARGO_CLIENT_CERT',
  'client-key': 'MARGO_CLIENT_KEY',
  'signature-algorithm': 'MARGO_SIGNATURE_ALGORITHM',
  'device-id': 'MARGO_DEVICE_ID',
  capabilities: 'MARGO_CAPABILITIES',
  'poll-interval-ms': 'MARGO_POLL_INTERVAL_MS',
  'polling-period': 'MARGO_POLLING_PERIOD',
  downtime: 'MARGO_DOWNTIME',
  'state-dir': 'MARGO_STATE_DIR',
  fault: 'MARGO_FAULTS',
  runtime: 'MARGO_RUNTIME',
} as const;

type Flag = keyof typeof DEVICE_ENV;
const REPEATABLE = new Set<Flag>(['downtime', 'fault']);

/**
 * The device launch contract as options for `startDevice`. File flags hold paths; the capabilities file
 * is re-read every cycle (CAP-002). Throws one line naming the missing or wrong setting.
 */
export function parseDeviceArgs(argv: string[], env: NodeJS.ProcessEnv): DeviceOptions {
  const flags = Object.keys(DEVICE_ENV) as Flag[];
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(flags.map((flag) => [flag, { type: 'string', multiple: REPEATABLE.has(flag) }])),
    strict: true,
  });
  const one = (flag: Flag): string | undefined => {
    const value = values[flag];
    const given = Array.isArray(value) ? value.at(-1) : value;
    return given ?? (env[DEVICE_ENV[flag]] || undefined);
  };
  // Repeatable flags; their environment variable is a comma-separated list.
  const many = (flag: Flag): string[] => {
    const value = values[flag];
    if (Array.isArray(value) && value.length > 0) return value.map(String);
    return (env[DEVICE_ENV[flag]] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  };
  const required = (flag: Flag, what: string): string => {
    const value = one(flag);
    if (!value) throw new Error(`--${flag} (or ${DEVICE_ENV[flag]}) is required: ${what}.`);
    return value;
  };
  const file = (flag: Flag): string => {
    const path = required(flag, 'a PEM file path');
    try {
      return readFileBoundedSync(path, { limit: USER_FILE_LIMITS.pki, what: `--${flag}` }).toString('utf8');
    } catch (cause) {
      if (cause instanceof UnsafeInputError) throw cause;
      throw new Error(`--${flag} ${path} cannot be read: ${(cause as Error).message}`, { cause });
    }
  };

  const editionName = one('edition') ?? '1.0.0-rc.3';
  const edition = resolveEdition(editionName);
  if (!edition) throw new Error(`--edition "${editionName}" is not a known edition; use 1.0.0-rc.3 or preview-1.`);
  const wfmUrl = required('wfm-url', 'the WFM base URL, e.g. https://127.0.0.1:8443');
  if (!/^https:\/\//.test(wfmUrl)) throw new Error(`--wfm-url "${wfmUrl}" is not an https:// URL; the management API runs over TLS.`);
  const faults = many('fault');
  createDeviceFaultSet(faults);

  const options: DeviceOptions = {
    edition,
    wfmUrl,
    trust: edition.api.auth === 'mtls' ? svidTrust(file, one) : signatureTrust(file, one),
    deviceId: required('device-id', 'the device id reported in capabilities'),
    stateDir: one('state-dir') ?? 'margo-device-state',
    faults,
  };
  const runtime = one('runtime');
  if (runtime !== undefined && runtime !== 'simulated' && runtime !== 'wasm') throw new Error(`--runtime "${runtime}" is not simulated or wasm.`);
  if (runtime === 'wasm' && edition.profileTypes.custom === undefined) throw new Error(`--runtime wasm needs an edition with the custom deployment type; ${edition.id} has none. Use --edition 1.0.0-rc.3.`);
  if (runtime) options.runtimeKind = runtime;
  const capabilitiesPath = one('capabilities');
  if (capabilitiesPath) options.capabilities = () => readCapabilitiesFile(capabilitiesPath);
  const interval = one('poll-interval-ms');
  if (interval !== undefined) {
    const ms = Number(interval);
    if (!Number.isInteger(ms) || ms < 1) throw new Error(`--poll-interval-ms "${interval}" is not a positive whole number of milliseconds.`);
    options.pollIntervalMs = ms;
  }
  const period = one('polling-period');
  if (period) options.pollingPeriod = parsePollingPeriod(period);
  const downtime = many('downtime');
  if (downtime.length > 0) options.downtime = downtime.map(parseDowntime);
  return options;
}

function svidTrust(file: (flag: Flag) => string, one: (flag: Flag) => string | undefined): DeviceOptions['trust'] {
  const trustDomain = one('trust-domain');
  const wfmId = one('wfm-id');
  return {
    kind: 'svid',
    ...trustAnchorSource(file, one),
    certPem: file('svid-cert'),
    keyPem: file('svid-key'),
    svidFiles: { certFile: one('svid-cert') as string, keyFile: one('svid-key') as string },
    ...(trustDomain ? { trustDomain } : {}),
    ...(wfmId ? { wfmId } : {}),
  };
}

/** rc.3 anchors: a file (out of band, ID-019) or the Trust Bundle API, exactly one. */
function trustAnchorSource(file: (flag: Flag) => string, one: (flag: Flag) => string | undefined): Pick<SvidTrust, 'bundlePem' | 'trustDiscovery'> {
  const bundle = one('trust-bundle');
  const url = one('trust-discovery-url');
  if (bundle && url) throw new Error('--trust-bundle and --trust-discovery-url exclude each other: give the trust anchors as a file or fetch them through the Trust Bundle API.');
  if (!url) {
    if (one('trust-discovery-ca')) throw new Error('--trust-discovery-ca is only used with --trust-discovery-url.');
    if (!bundle) throw new Error('--trust-bundle (or MARGO_TRUST_BUNDLE) or --trust-discovery-url (or MARGO_TRUST_DISCOVERY_URL) is required: the trust anchors of the trust domain, as a file or through the Trust Bundle API.');
    return { bundlePem: file('trust-bundle') };
  }
  if (!/^https:\/\//.test(url) || !URL.canParse(url)) throw new Error(`--trust-discovery-url "${url}" is not an https:// URL; discovery is authenticated by TLS (ID-019).`);
  if (!one('trust-discovery-ca')) throw new Error('--trust-discovery-ca (or MARGO_TRUST_DISCOVERY_CA) is required with --trust-discovery-url: the PEM anchors that authenticate the trust bundle server.');
  return { trustDiscovery: { url, caPem: file('trust-discovery-ca') } };
}

function signatureTrust(file: (flag: Flag) => string, one: (flag: Flag) => string | undefined): DeviceOptions['trust'] {
  const algorithm = one('signature-algorithm') ?? 'ecdsa-p256-sha256';
  if (!SIGNATURE_ALGORITHMS.some((row) => row.name === algorithm)) {
    throw new Error(`--signature-algorithm "${algorithm}" is not one of ${SIGNATURE_ALGORITHMS.map((row) => row.name).join(', ')}.`);
  }
  return { kind: 'signature', wfmCaPem: file('wfm-ca'), certPem: file('client-cert'), keyPem: file('client-key'), algorithm: algorithm as SignatureAlgorithm };
}
