/** A mistake in how the tool was called: printed as one line with a hint, exit code 2, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
