import { RE2JS, RE2JSSyntaxException } from 're2js'
import { inputLimits } from '../capabilities/models/input-limits.js'
import { thrownMessage } from '../errors/thrown-message.js'

/**
 * A regular expression compiled by RE2 (`re2js`): testing a text takes time
 * linear in the text, whatever the pattern, so a caller's pattern cannot
 * freeze the host the way a backtracking `RegExp` can (`^(a+)+$`).
 */
export interface LinearRegex {
  /** True when the expression matches somewhere in `text` (unanchored, like `RegExp.prototype.test`). */
  test(text: string): boolean
}

/** How to compile a {@link LinearRegex}; `(?i)`, `(?s)` and `(?m)` in the pattern do the same. */
export interface LinearRegexOptions {
  /** Letters match either case. */
  caseInsensitive?: boolean
  /** `.` also matches a line break. */
  dotAll?: boolean
  /** Largest compiled program accepted, in RE2 instructions; default `inputLimits.regexInstructions`. */
  maxInstructions?: number
}

/** A compiled expression, or why the pattern is not accepted, in words a caller can act on. */
export type LinearRegexOutcome = { regex: LinearRegex; problem?: undefined } | { regex?: undefined; problem: string }

/**
 * Compiles `source` in RE2 syntax. Instead of throwing it says what is wrong
 * (`backreferences such as \1 are not supported (RE2 syntax)`), so a schema can
 * report it against the field and a matcher can throw it. A pattern whose
 * program is larger than `maxInstructions` is refused too: matching is linear
 * in the text but proportional to the program, and `x{1000}` is 1,000
 * instructions.
 */
export function compileLinearRegex(source: string, options: LinearRegexOptions = {}): LinearRegexOutcome {
  const flags = (options.caseInsensitive === true ? RE2JS.CASE_INSENSITIVE : 0) | (options.dotAll === true ? RE2JS.DOTALL : 0)
  let regex: RE2JS
  try {
    regex = RE2JS.compile(source, flags)
  } catch (error) {
    return { problem: syntaxProblem(error) }
  }
  const max = options.maxInstructions ?? inputLimits.regexInstructions
  const size = regex.programSize()
  if (size > max) return { problem: `too complex: compiles to ${size} RE2 instructions, at most ${max} (a counted repeat such as x{100} counts every copy)` }
  return { regex }
}

/** The unsupported or malformed part of a pattern, said in terms of what to write instead. */
function syntaxProblem(error: unknown): string {
  if (!(error instanceof RE2JSSyntaxException)) return `invalid regular expression (RE2 syntax): ${thrownMessage(error)}`
  const fragment = error.getPattern() ?? ''
  if (/^\\[1-9]/.test(fragment) || /^\\[kg]$/.test(fragment)) return `backreferences such as ${fragment} are not supported (RE2 syntax)`
  if (fragment.startsWith('(?=') || fragment.startsWith('(?!')) return `lookahead ${fragment.slice(0, 3)}…) is not supported (RE2 syntax)`
  if (fragment.startsWith('(?<=') || fragment.startsWith('(?<!')) return `lookbehind ${fragment.slice(0, 4)}…) is not supported (RE2 syntax)`
  if (fragment === '\\u') return 'the escape \\u is not supported: write \\x{00e9} for a code point (RE2 syntax)'
  const shown = fragment === '' || fragment.length > 40 ? '' : ` in \`${fragment}\``
  return `invalid regular expression (RE2 syntax): ${error.getDescription()}${shown}`
}
