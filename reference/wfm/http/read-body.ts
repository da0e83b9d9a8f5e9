import type { IncomingMessage } from 'node:http';
import { apiError, type ApiError } from './problem.js';

/** Request bodies are capped at 1 MiB: Margo bodies are small JSON documents (capabilities, status, onboarding). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body, or returns a 413 error as soon as it passes the cap (declared or streamed). */
export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer | ApiError> {
  const tooLarge = () =>
    apiError({ status: 413, title: 'Content Too Large' }, `Request body is larger than ${maxBytes} bytes; send a smaller body.`, {
      headers: { connection: 'close' },
    });
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) {
    req.resume();
    return tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.resume();
      return tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'problem' in value && 'detail' in value;
}
