import type { EditionId } from '../../core/catalog/types.js';
import { STABLE_PKI_FILES } from '../../core/identity/stable-pki.js';
import type { TrafficLog } from '../../instruments/mock-wfm/index.js';
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

/** A device started by hand: the harness neither starts, configures nor stops it; it can only wait for it. */
export interface AttachedDevice {
  describe(): string;
  /** Resolves at the device's first request to the mock WFM; a LaunchError saying how to start it otherwise. */
  awaitFirstRequest(): Promise<void>;
}

/** The contract attached mode (`--mock-wfm-port`) really has: a WFM URL and trust files the operator was given. */
export function createAttachedDevice(options: AttachedDeviceOptions): AttachedDevice {
  const timeoutMs = options.connectTimeoutMs ?? 60_000;
  return {
    describe: () => `device started by hand, connecting to ${options.wfmUrl}`,
    async awaitFirstRequest() {
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
    },
  };
}
