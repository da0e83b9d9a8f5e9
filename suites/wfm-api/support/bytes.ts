import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { HttpResponse } from '../../../core/http/index.js';

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The body after removing its Content-Encoding (digests cover the decoded bytes, DS-015). Throws on a corrupt encoding. */
export function decodedBody(response: HttpResponse): Buffer {
  const encodings = (response.headers['content-encoding'] ?? '').split(',').map((e) => e.trim().toLowerCase()).filter((e) => e && e !== 'identity');
  let body = response.body;
  for (const encoding of encodings.reverse()) {
    if (encoding === 'gzip' || encoding === 'x-gzip') body = gunzipSync(body);
    else if (encoding === 'br') body = brotliDecompressSync(body);
    else if (encoding === 'deflate') body = inflateSync(body);
    else throw new Error(`unknown content-encoding ${encoding}`);
  }
  return body;
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaTypeOf(response: HttpResponse): string | undefined {
  const value = response.headers['content-type'];
  return value === undefined ? undefined : (value.split(';')[0] ?? '').trim().toLowerCase();
}

/** Parses JSON; undefined when the body is not JSON. */
export function parseJson(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(Buffer.from(bytes).toString('utf8')) };
  } catch {
    return undefined;
  }
}

/** The exact integer text of a top-level `"manifestVersion"` member; JSON.parse loses precision above 2^53 (DS-011). */
export function exactManifestVersion(bytes: Uint8Array): bigint | undefined {
  const match = /"manifestVersion"\s*:\s*(-?\d+)(?=\s*[,}])/.exec(Buffer.from(bytes).toString('utf8'));
  return match?.[1] === undefined ? undefined : BigInt(match[1]);
}
