import type { RunError } from './model.js';

/** A fault of the harness itself (a bug, not the product's): the message says so and the stack is kept. */
export function internalError(cause: unknown): RunError {
  return { message: `Internal error: ${String((cause as Error)?.message ?? cause)}`, detail: (cause as Error)?.stack ?? String(cause) };
}
