import { CapstanError } from 'capstan'

/** What a POSIX environment variable name may look like. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The header's last line; never a valid name. */
const END = '.'

/**
 * The variables as the first bytes of the command's standard input, for
 * {@link readEnvHeader} to read: values are secrets, and anything on a
 * command line can be read by every user of the server (`ps`, `/proc/<pid>/cmdline`).
 *
 * Per variable, a line `NAME LINES`, then the value's `LINES` lines (a value
 * split at `\n`, so any byte but NUL survives, a trailing newline too); a
 * line `.` ends the header. Empty when there are no variables: the wrapper
 * then reads nothing.
 *
 * @throws CapstanError VALIDATION_ERROR naming `env.<name>` for a name that is
 *   not `[A-Za-z_][A-Za-z0-9_]*` or a value with a NUL byte (no environment
 *   value can carry one); the message never quotes the value.
 */
export function envHeader(env: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(env ?? {})
  if (entries.length === 0) return ''
  const lines = entries.map(([name, value]) => {
    if (!ENV_NAME.test(name)) {
      throw new CapstanError('VALIDATION_ERROR', { message: `env.${name}: an environment variable name must match ${ENV_NAME.source}`, details: { field: `env.${name}` } })
    }
    if (value.includes('\0')) {
      throw new CapstanError('VALIDATION_ERROR', { message: `env.${name} contains a NUL byte, which an environment variable cannot carry`, details: { field: `env.${name}` } })
    }
    const valueLines = value.split('\n')
    return `${name} ${valueLines.length}\n${valueLines.join('\n')}\n`
  })
  return `${lines.join('')}${END}\n`
}

/**
 * A `/bin/sh` snippet that reads an {@link envHeader} from standard input and
 * exports its variables, leaving `"$@"` as it found it.
 *
 * It uses only builtins: `read` takes a pipe one byte at a time (a shell must
 * not consume past the line it reads), so whatever follows the header on stdin
 * is still there for the command. Values wait in the positional parameters
 * until the scratch variables are unset, so a variable of the caller's that
 * shares a scratch name is exported with its own value. A header that ends
 * early (stdin closed) stops the script with exit 125 before the command runs:
 * a command never runs without the variables it was given.
 */
export function readEnvHeader(): string {
  return (
    'set -- -- "$@"; capstan_env=; ' +
    `while read -r capstan_k capstan_n; do if [ "$capstan_k" = ${END} ]; then capstan_env=1; break; fi; ` +
    'IFS= read -r capstan_v || break; ' +
    'while [ "$capstan_n" -gt 1 ]; do IFS= read -r capstan_l || break 2; capstan_v="$capstan_v\n$capstan_l"; capstan_n=$((capstan_n - 1)); done; ' +
    'set -- "$capstan_k" "$capstan_v" "$@"; done; ' +
    "if [ -z \"$capstan_env\" ]; then echo 'capstan: the environment did not arrive on stdin' >&2; exit 125; fi; " +
    'unset capstan_env capstan_k capstan_n capstan_v capstan_l; ' +
    'while [ "$1" != -- ]; do export "$1=$2"; shift 2; done; shift; '
  )
}
