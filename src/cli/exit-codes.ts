/** Exit codes of every `nano` command, documented in the README's CLI reference. */
export const ExitCode = {
  ok: 0,
  /** The script threw, rejected without a handler, or a server failed to start. */
  failure: 1,
  /** Bad usage: an unknown command or option, a missing file. */
  usage: 2,
  /** `nano run --timeout` expired (the same code as coreutils `timeout`). */
  timeout: 124,
} as const;

/** A usage mistake: printed as one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
