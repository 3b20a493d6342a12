/** What a {@link CliUsageError} may carry besides its message. */
export interface CliUsageErrorOptions {
  /** The flag the mistake is about, without dashes (`command`). */
  flag?: string
  /** What the user probably meant, printed as "Did you mean ...?" (`--command`). */
  suggestion?: string
  /** The underlying error (a JSON syntax error, a file that cannot be read). */
  cause?: unknown
}

/**
 * A mistake on the command line: an unknown command or flag, a missing or
 * malformed value, a stray argument. The CLI prints it with its suggestion
 * and exits 2; it never reaches a plugin.
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
  /** The flag the mistake is about, without dashes, when there is one. */
  readonly flag?: string
  /** What the user probably meant, when something known is close. */
  readonly suggestion?: string

  constructor(message: string, options: CliUsageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    if (options.flag !== undefined) this.flag = options.flag
    if (options.suggestion !== undefined) this.suggestion = options.suggestion
  }
}
