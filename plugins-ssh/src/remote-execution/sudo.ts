import { CapstanError } from 'capstan'
import { readEnvHeader } from './env-header.js'
import { quoteWord } from './shell-quote.js'

/** Run the remote command as another user through `sudo -S`. */
export interface SudoOptions {
  /** The user to run as (`sudo -u`); root when absent. */
  user?: string | undefined
  /**
   * The password sudo asks for. Written to the channel's standard input only
   * when sudo's prompt appears, never put on a command line, in an event, an
   * error or a log. When absent and sudo asks, the node fails.
   */
  password?: string | undefined
}

/** The marker sudo prints (`-p`) when it wants the password; it ends without a newline. */
export function sudoPromptMarker(nonce: string): string {
  return `${nonce} sudo-prompt`
}

/** The line printed to stderr by the first command run under sudo, before the caller's command. */
export function sudoOkMarker(nonce: string): string {
  return `${nonce} sudo-ok\n`
}

/**
 * A command line running `argv` (already quoted words) under
 * `sudo -S -p '<nonce> sudo-prompt' -u <user> --`. Inside sudo, a small
 * `/bin/sh` first prints `<nonce> sudo-ok` to stderr; with `options.env`, it
 * then reads the variables from its stdin (`readEnvHeader`: write the
 * `envHeader` once the `sudo-ok` marker arrived, before the command's own
 * input) and exports them, after sudo reset the environment and never in
 * sudo's argv; then it changes to `cwd` (as the target user, so a directory
 * only it may enter works), and `exec`s `argv`.
 *
 * @throws CapstanError VALIDATION_ERROR (`sudo.password`, `sudo.user`) for a
 *   password sudo could not read as one line, or a user with a NUL byte; the
 *   message never quotes the password.
 */
export function sudoCommandLine(sudo: SudoOptions, nonce: string, argv: string, options: { cwd?: string; env?: boolean } = {}): string {
  const { cwd } = options
  if (sudo.password !== undefined && /[\r\n\0]/.test(sudo.password)) {
    throw new CapstanError('VALIDATION_ERROR', { message: 'sudo.password cannot contain a line break or a NUL byte: sudo reads one line', details: { field: 'sudo.password' } })
  }
  const cd = cwd === undefined ? '' : 'cd "$1" || exit; shift; '
  const inner = `printf '%s\\n' ${quoteWord(sudoOkMarker(nonce).trimEnd())} >&2; ${options.env === true ? readEnvHeader() : ''}${cd}exec "$@"`
  const cwdWord = cwd === undefined ? '' : ` ${quoteWord(cwd.startsWith('-') ? `./${cwd}` : cwd, 'cwd')}`
  return (
    `sudo -S -p ${quoteWord(sudoPromptMarker(nonce))} -u ${quoteWord(sudo.user ?? 'root', 'sudo.user')} -- ` +
    `/bin/sh -c ${quoteWord(inner)} capstan-sudo${cwdWord} ${argv}`
  )
}
