import type { EditionId } from '../catalog/types.js';

/** Trust material for the device under test, per the edition's authentication (PEM text). */
export type DeviceTrust =
  /** rc.3: the trust bundle and the device's X.509-SVID (leaf then intermediate) and key. */
  | { kind: 'svid'; bundlePem: string; certPem: string; keyPem: string }
  /**
   * rc.3 with the Trust Bundle API (feature trust-bundle-api): no bundle; the device fetches it from the
   * discovery URL, authenticating that server by `discoveryCaPem` and its name (ID-019).
   */
  | { kind: 'svid-discovery'; discoveryUrl: string; discoveryCaPem: string; certPem: string; keyPem: string }
  /** preview-1: the WFM root CA obtained out of band and the device's certificate and key. */
  | { kind: 'signature'; wfmCaPem: string; certPem: string; keyPem: string };

/**
 * What the harness hands a device under test for one scenario (README: device launch contract). A
 * launcher turns it into flags, environment or a container's configuration.
 */
export interface DeviceLaunchSettings {
  edition: EditionId;
  /** `https://host:port` of the suite's mock WFM. */
  wfmUrl: string;
  deviceId: string;
  trust: DeviceTrust;
  /** Short in tests, so a profile run stays fast. */
  pollIntervalMs: number;
  /** Where the device keeps its persistent state; the same directory on restart (DS-027). */
  stateDir: string;
  /** A JSON file `{properties, labels}` the device reports and re-reads (CAP-002). */
  capabilitiesFile: string;
  /** Hours of the day in which the device polls, `HH:MM-HH:MM` local time (POLL-002). */
  pollingPeriod?: string;
  /** Downtime windows as ISO 8601 intervals (POLL-003). */
  downtime?: string[];
}

/** A device under test that is running. */
export interface LaunchedDevice {
  /** Captured output (bounded) for the report. */
  logs(): string;
  /** Stops it; its state directory stays for a restart. */
  stop(): Promise<void>;
  /**
   * rc.3 SVID renewal (ID-021): replaces the SVID files the device was started with, in place and while it
   * runs, key first, then certificate, each by an atomic rename; the device is not restarted. Absent when
   * the launcher cannot reach the device's files.
   */
  replaceSvid?(svid: { certPem: string; keyPem: string }): Promise<void>;
}

/** The files of an SVID renewal, in the order they are replaced: the key, then the certificate (ID-021). */
export function svidRenewalFiles(svid: { certPem: string; keyPem: string }): TrustFile[] {
  return svidFiles(svid).reverse();
}

function svidFiles(svid: { certPem: string; keyPem: string }): TrustFile[] {
  return [
    { variable: 'MARGO_SVID_CERT', name: 'svid.pem', content: svid.certPem },
    { variable: 'MARGO_SVID_KEY', name: 'svid.key', content: svid.keyPem, secret: true },
  ];
}

/** Starts devices under test under the launch contract: a local process or a container. */
export interface DeviceLauncher {
  describe(): string;
  start(settings: DeviceLaunchSettings): Promise<LaunchedDevice>;
}

/** One trust file of the launch contract: the variable naming it, its file name and content; keys are secret (0600). */
export interface TrustFile {
  variable: string;
  name: string;
  content: string;
  secret?: boolean;
}

/** The trust material of the launch contract as files, per kind of trust (README: device launch contract). */
export function deviceTrustFiles({ trust }: DeviceLaunchSettings): TrustFile[] {
  switch (trust.kind) {
    case 'svid':
      return [{ variable: 'MARGO_TRUST_BUNDLE', name: 'trust-bundle.pem', content: trust.bundlePem }, ...svidFiles(trust)];
    case 'svid-discovery':
      return [{ variable: 'MARGO_TRUST_DISCOVERY_CA', name: 'trust-discovery-ca.pem', content: trust.discoveryCaPem }, ...svidFiles(trust)];
    case 'signature':
      return [
        { variable: 'MARGO_WFM_CA', name: 'wfm-ca.pem', content: trust.wfmCaPem },
        { variable: 'MARGO_CLIENT_CERT', name: 'client.pem', content: trust.certPem },
        { variable: 'MARGO_CLIENT_KEY', name: 'client.key', content: trust.keyPem, secret: true },
      ];
  }
}
