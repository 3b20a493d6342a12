import { compileLinearRegex } from './linear-regex.js'
import { parseGlob } from './parse-glob.js'

/** How {@link globMatcher} compares. */
export interface GlobMatcherOptions {
  /** Ignore case, as host names do. */
  caseInsensitive?: boolean
}

/**
 * Compiles globs (syntax: {@link parseGlob}) once into a test that is true
 * when any of them matches the whole text. Plain names are compared exactly
 * (a set lookup, however many there are); the globs become one RE2
 * expression, so a test takes time linear in the text: no glob can make it
 * backtrack the way `*a*a*a*a*b` does in a `RegExp`.
 *
 * @example
 * ```ts
 * import { globMatcher } from 'capstan/plugin-kit'
 * const matches = globMatcher(['web*', 'db-[0-9]', 'cache01'], { caseInsensitive: true })
 * matches('WEB01.example.com') // true
 * ```
 */
export function globMatcher(globs: readonly string[], options: GlobMatcherOptions = {}): (text: string) => boolean {
  const caseInsensitive = options.caseInsensitive === true
  const fold = (text: string): string => (caseInsensitive ? text.toLowerCase() : text)
  const exact = new Set<string>()
  const sources: string[] = []
  for (const glob of globs) {
    const parsed = parseGlob(glob)
    if (parsed.source === undefined) exact.add(fold(parsed.literal))
    else sources.push(parsed.source)
  }
  if (sources.length === 0) return (text) => exact.has(fold(text))
  // A glob has no counted repeats, so its program grows with its length only: no instruction bound applies.
  const compiled = compileLinearRegex(`^(?:${sources.join('|')})$`, { caseInsensitive, dotAll: true, maxInstructions: Number.POSITIVE_INFINITY })
  if (compiled.regex === undefined) throw new Error(`a glob compiled to an invalid expression: ${compiled.problem}`)
  const { regex } = compiled
  return (text) => exact.has(fold(text)) || regex.test(text)
}
