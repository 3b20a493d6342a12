import { redactSecrets } from './redact-secrets.js'
import { stripAnsi } from './strip-ansi.js'

/** Lines of Bolt's output quoted in an error message, at most. */
export const EXCERPT_LINES = 10
/** Characters of Bolt's output quoted in an error message, at most. */
export const EXCERPT_CHARS = 2_000

/**
 * The first lines of something Bolt printed, fit for an error message: ANSI
 * codes removed, secrets redacted, blank lines dropped, cut at
 * {@link EXCERPT_LINES} lines / {@link EXCERPT_CHARS} characters (a cut is marked
 * with `…`). Empty when Bolt printed nothing but whitespace.
 */
export function outputExcerpt(text: string, secrets: readonly string[] = []): string {
  const lines = redactSecrets(stripAnsi(text), secrets)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
  let excerpt = lines.slice(0, EXCERPT_LINES).join('\n')
  let cut = lines.length > EXCERPT_LINES
  if (excerpt.length > EXCERPT_CHARS) {
    excerpt = excerpt.slice(0, EXCERPT_CHARS)
    cut = true
  }
  return cut ? `${excerpt}…` : excerpt
}
