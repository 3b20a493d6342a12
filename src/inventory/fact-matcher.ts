import type { FactCondition } from '../capabilities/models/target.js'
import { CapstanError } from '../errors/capstan-error.js'
import { formatPath } from '../errors/validation-error.js'
import { compileLinearRegex, type LinearRegex } from '../patterns/linear-regex.js'

/**
 * Compiles the condition on fact `path` into a test on the fact's value:
 *
 * - a plain value matches by strict equality, except that a number and a
 *   numeric string are equal (`7` matches `'7'`), because facts arrive as
 *   strings from some backends and as numbers from others;
 * - `{ regex }` matches a string, number or boolean value whose text the
 *   regular expression finds (unanchored; write `^...$` for whole values).
 *   The expression is RE2 syntax, compiled once here by RE2, so testing a
 *   value takes time linear in the value whatever the pattern;
 * - `{ in: [...] }` matches when any listed value is equal as above.
 *
 * A missing fact matches nothing. A regular expression RE2 does not accept
 * (a backreference, a lookaround, a syntax error, over
 * `inputLimits.regexInstructions`) throws a VALIDATION_ERROR naming the
 * field `facts["<path>"].regex` as the input schema does, before any node is tested.
 */
export function factMatcher(path: string, condition: FactCondition): (value: unknown) => boolean {
  if (typeof condition !== 'object') return (value) => factEquals(value, condition)
  if ('in' in condition) return (value) => condition.in.some((expected) => factEquals(value, expected))
  const pattern = compileRegex(path, condition.regex)
  return (value) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && pattern.test(String(value))
}

function factEquals(value: unknown, expected: string | number | boolean): boolean {
  if (value === expected) return true
  if (typeof value === 'number' && typeof expected === 'string') return numericString(expected) === value
  if (typeof value === 'string' && typeof expected === 'number') return numericString(value) === expected
  return false
}

/** The number a string spells, or undefined; '' and '  ' are not 0. */
function numericString(text: string): number | undefined {
  if (text.trim() === '') return undefined
  const number = Number(text)
  return Number.isNaN(number) ? undefined : number
}

function compileRegex(path: string, source: string): LinearRegex {
  const { regex, problem } = compileLinearRegex(source)
  if (regex !== undefined) return regex
  const field = formatPath(['facts', path, 'regex'])
  throw new CapstanError('VALIDATION_ERROR', {
    message: `Invalid node filter: ${field}: ${problem}`,
    details: { field, issues: [{ path: field, message: problem }] },
  })
}
