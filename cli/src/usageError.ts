/** A mistake in how the CLI was called or what it was given: exit code 2 with this message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
