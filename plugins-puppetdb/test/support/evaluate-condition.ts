import { getPath } from 'capstan/plugin-kit'

type Row = Readonly<Record<string, unknown>>

/**
 * Evaluates a PuppetDB AST condition over one in-memory row the way
 * PuppetDB 7 does, for the operators the plugin sends:
 *
 * - a field is a column of the row (`certname`, `status`), or a dotted path
 *   into the row's `facts` / `trusted` JSON (`facts.os.family`);
 * - `=` compares like jsonb: types must agree (`'7'` is not `7`), numbers by
 *   value; a missing or null value matches nothing;
 * - `~` matches the text PuppetDB extracts with `->>`: a string as is, a
 *   number or boolean spelled out (`7`, `true`), null and missing never;
 *   PostgreSQL's `.` also matches a newline, hence the `s` flag;
 * - `>=` and `<` compare times (ISO 8601) as instants, and numbers;
 * - `and`, `or`, `not`.
 *
 * Throws on anything else, so a test notices an operator it does not model.
 */
export function evaluateCondition(condition: unknown, row: Row): boolean {
  if (!Array.isArray(condition)) throw new Error(`not a condition: ${JSON.stringify(condition)}`)
  const [operator, ...args] = condition as [string, ...unknown[]]
  switch (operator) {
    case 'and':
      return args.every((clause) => evaluateCondition(clause, row))
    case 'or':
      return args.some((clause) => evaluateCondition(clause, row))
    case 'not':
      return !evaluateCondition(args[0], row)
    case '=':
      return jsonbEquals(fieldValue(row, String(args[0])), args[1])
    case '~': {
      const text = jsonbText(fieldValue(row, String(args[0])))
      return text !== undefined && new RegExp(String(args[1]), 's').test(text)
    }
    case '>=':
    case '<': {
      const order = compare(fieldValue(row, String(args[0])), args[1])
      if (order === undefined) return false
      return operator === '>=' ? order >= 0 : order < 0
    }
    default:
      throw new Error(`evaluateCondition does not model ${JSON.stringify(operator)}`)
  }
}

/** The value of `field` in `row`: a column, or a dotted path into `facts`/`trusted`. */
export function fieldValue(row: Row, field: string): unknown {
  if (Object.hasOwn(row, field)) return row[field]
  const dot = field.indexOf('.')
  if (dot > 0 && ['facts', 'trusted'].includes(field.slice(0, dot))) return getPath(row[field.slice(0, dot)], field.slice(dot + 1))
  return undefined
}

function jsonbEquals(actual: unknown, expected: unknown): boolean {
  if (actual === null || actual === undefined) return false
  if (typeof actual !== typeof expected) return false
  if (typeof actual === 'object') return JSON.stringify(actual) === JSON.stringify(expected)
  return actual === expected
}

function jsonbText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function compare(actual: unknown, expected: unknown): number | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected
  if (typeof actual !== 'string' || typeof expected !== 'string') return undefined
  const a = Date.parse(actual)
  const b = Date.parse(expected)
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined
  return a - b
}
