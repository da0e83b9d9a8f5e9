import { createPrivateKey, X509Certificate } from 'node:crypto';
import { USER_FILE_LIMITS } from '../../../core/input/limits.js';
import { readFileBounded } from '../../../core/input/read-file-bounded.js';
import type { EventLog } from '../device-events.js';
import type { SvidTrust } from '../device-options.js';
import type { DeviceFaultSet } from '../faults.js';

/** The X.509-SVID the device presents: leaf then intermediates, and its key. */
export interface ClientSvid {
  certPem: string;
  keyPem: string;
}

/**
 * ID-021: the SVID a new connection presents. With `svidFiles` the files are read again before each new
 * connection, so an SVID renewed on disk (same SPIFFE ID, new key, new validity) is used from the next
 * connection on, without a restart. A pair that cannot be read or whose key does not fit the leaf (the
 * files caught between two renames) keeps the SVID in use; the next connection reads again.
 */
export function createClientSvidSource(trust: SvidTrust, options: { faults: DeviceFaultSet; log: EventLog }): () => Promise<ClientSvid> {
  let current: ClientSvid = { certPem: trust.certPem, keyPem: trust.keyPem };
  const files = trust.svidFiles;
  // caches-client-key-forever: the SVID read at start is presented for ever.
  if (!files || options.faults.has('caches-client-key-forever')) return () => Promise.resolve(current);
  return async () => {
    let read: ClientSvid;
    try {
      const [certPem, keyPem] = await Promise.all([files.certFile, files.keyFile].map(async (path) => (await readFileBounded(path, { limit: USER_FILE_LIMITS.pki, what: 'the client SVID' })).toString('utf8')));
      read = { certPem: certPem as string, keyPem: keyPem as string };
    } catch (cause) {
      options.log.emit({ event: 'svid-kept', reason: `the SVID files cannot be read: ${(cause as Error).message}` });
      return current;
    }
    if (read.certPem === current.certPem && read.keyPem === current.keyPem) return current;
    const problem = pairProblem(read);
    if (problem) {
      options.log.emit({ event: 'svid-kept', reason: problem });
      return current;
    }
    current = read;
    options.log.emit({ event: 'svid-renewed', notAfter: new X509Certificate(read.certPem).validTo });
    return current;
  };
}

function pairProblem(svid: ClientSvid): string | undefined {
  try {
    return new X509Certificate(svid.certPem).checkPrivateKey(createPrivateKey(svid.keyPem)) ? undefined : 'the key file does not belong to the certificate';
  } catch (cause) {
    return `the SVID files do not hold a certificate and its key: ${(cause as Error).message}`;
  }
}
