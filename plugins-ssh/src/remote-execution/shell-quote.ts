import { CapstanError } from 'capstan'

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
