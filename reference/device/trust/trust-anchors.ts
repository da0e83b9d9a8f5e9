import { decodePem } from '../../../core/identity/pem.js';

/**
 * The PEM anchors the WFM's X.509-SVID is verified against (ID-012), read again for every new WFM
 * connection. Fixed when given as a file (`--trust-bundle`); replaced by the Trust Bundle API client
 * (`--trust-discovery-url`) whenever it accepts a bundle (TB-009).
 */
export interface TrustAnchors {
  /** Undefined while the device holds no X.509 anchor: then it sends nothing to the WFM (TB-007, fail closed). */
  current(): string | undefined;
  replace(anchorsPem: string): void;
}

export function createTrustAnchors(initialPem: string | undefined): TrustAnchors {
  const usable = (pem: string | undefined) => (pem !== undefined && decodePem(pem).length > 0 ? pem : undefined);
  let anchorsPem = usable(initialPem);
  return {
    current: () => anchorsPem,
    replace(next) {
      anchorsPem = usable(next);
    },
  };
}
