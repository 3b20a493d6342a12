import { CapstanError } from 'capstan'

/** What a POSIX environment variable name may look like. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Quotes one word for a POSIX shell: inside single quotes nothing is special,
 * so the only character to handle is the single quote itself (`'` → `'\''`).
 * The empty string becomes `''`, so it stays an argument.
 *
 * @throws CapstanError VALIDATION_ERROR when the word holds a NUL byte, which
 *   no argv word or environment value can carry.
 */
export function quoteWord(word: string, field = 'word'): string {
  if (word.includes('\0')) {
    throw new CapstanError('VALIDATION_ERROR', { message: `${field} contains a NUL byte, which a remote command cannot carry`, details: { field } })
  }
  return `'${word.replaceAll("'", `'\\''`)}'`
}

/** Quotes each word of `argv` and joins them with spaces: one shell command line. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((word, i) => quoteWord(word, `argv[${i}]`)).join(' ')
}

/**
 * Environment assignments as quoted words `'K=v'`, in the order given, for
 * `env 'K=v' ... command`. Passed on the command line because most sshd
 * refuse SSH `env` requests (AcceptEnv is empty by default).
 *
 * @throws CapstanError VALIDATION_ERROR naming `env.<name>` for a name that is
 *   not `[A-Za-z_][A-Za-z0-9_]*` or a value with a NUL byte.
 */
export function quoteEnvAssignments(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name)) {
      throw new CapstanError('VALIDATION_ERROR', {
        message: `env.${name}: an environment variable name must match ${ENV_NAME.source}`,
        details: { field: `env.${name}` },
      })
    }
    return quoteWord(`${name}=${value}`, `env.${name}`)
  })
}

/**
 * `command` (already a shell command line) prefixed so that it runs with
 * `env` set: `env 'K=v' ... command`. With no variables, `command` unchanged.
 */
export function withEnv(env: Readonly<Record<string, string>> | undefined, command: string): string {
  const assignments = env === undefined ? [] : quoteEnvAssignments(env)
  return assignments.length === 0 ? command : `env ${assignments.join(' ')} ${command}`
}
