import type { FactCondition } from '../capabilities/models/target.js'
import { CapstanError } from '../errors/capstan-error.js'

/**
 * Compiles the condition on fact `path` into a test on the fact's value:
 *
 * - a plain value matches by strict equality, except that a number and a
 *   numeric string are equal (`7` matches `'7'`), because facts arrive as
 *   strings from some backends and as numbers from others;
 * - `{ regex }` matches a string, number or boolean value whose text the
 *   regular expression finds (unanchored; write `^...$` for whole values);
 * - `{ in: [...] }` matches when any listed value is equal as above.
 *
 * A missing fact matches nothing. An invalid regular expression throws a
 * VALIDATION_ERROR naming the field `facts.<path>`, before any node is tested.
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

function compileRegex(path: string, source: string): RegExp {
  try {
    return new RegExp(source)
  } catch (error) {
    const field = `facts.${path}`
    const message = `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`
    throw new CapstanError('VALIDATION_ERROR', {
      message: `Invalid node filter: ${field}: ${message}`,
      details: { field, issues: [{ path: field, message }] },
      cause: error,
    })
  }
}
