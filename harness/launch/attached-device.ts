import type { EditionId } from '../../core/catalog/types.js';
import { STABLE_PKI_FILES } from '../../core/identity/stable-pki.js';
import type { TrafficLog } from '../../instruments/mock-wfm/index.js';
import type { DeviceLauncher, LaunchedDevice } from '../../core/launch/device-launcher.js';
import { LaunchError } from '../../core/launch/launcher.js';

export interface AttachedDeviceOptions {
  edition: EditionId;
  /** `https://127.0.0.1:<port>` of the long-lived mock WFM. */
  wfmUrl: string;
  /** The directory with the device's credentials and the WFM trust material (`--mock-wfm-pki`). */
  pkiDir: string;
  /** The mock's traffic; the device counts as connected at its first request. */
  traffic: () => TrafficLog;
  /** How long to wait for that first request. @default 60000 */
  connectTimeoutMs?: number;
}

/** What the operator gives their device: the launch contract's WFM URL and trust files (one line). */
export function attachedInstructions(edition: EditionId, wfmUrl: string, pkiDir: string): string {
  const trust =
    edition === 'preview-1'
      ? `--wfm-ca ${pkiDir}/${STABLE_PKI_FILES.signature.wfmCa} --client-cert ${pkiDir}/${STABLE_PKI_FILES.signature.cert} --client-key ${pkiDir}/${STABLE_PKI_FILES.signature.key}`
      : `--trust-bundle ${pkiDir}/${STABLE_PKI_FILES.svid.bundle} --svid-cert ${pkiDir}/${STABLE_PKI_FILES.svid.cert} --svid-key ${pkiDir}/${STABLE_PKI_FILES.svid.key}`;
  return `--edition ${edition} --wfm-url ${wfmUrl} ${trust}`;
}

/**
 * A device started by hand (`--mock-wfm-port`): the harness neither starts nor stops it, so `start` only
 * waits for the device's first request to the mock WFM, and `stop` does nothing.
 */
export function createAttachedDeviceLauncher(options: AttachedDeviceOptions): DeviceLauncher {
  const timeoutMs = options.connectTimeoutMs ?? 60_000;
  return {
    describe: () => `device started by hand, connecting to ${options.wfmUrl}`,
    async start() {
      const traffic = options.traffic();
      try {
        await traffic.waitUntil(() => traffic.exchanges.length > 0, { timeoutMs, what: 'a first request from the device' });
      } catch (cause) {
        throw new LaunchError(
          `no device connected to ${options.wfmUrl} within ${timeoutMs} ms; start it with ${attachedInstructions(options.edition, options.wfmUrl, options.pkiDir)} (reference/device/README.md, launch contract)`,
          '',
          { cause },
        );
      }
      const launched: LaunchedDevice = { logs: () => '', stop: () => Promise.resolve() };
      return launched;
    },
  };
}
