import { readFileSync } from 'node:fs'
import type { FlagSpec, FlagType } from './cli-command.js'
import { CliUsageError } from './cli-usage-error.js'
import { suggest } from './suggest.js'
import { thrownMessage } from '../../errors/thrown-message.js'

/**
 * Converts the text typed after one flag into the value the input schema
 * expects. `type` is the flag's type, or for arrays the item type; range and
 * format checks are left to the schema, whose VALIDATION_ERROR names the field.
 *
 * - `number` / `integer`: a finite number (a whole one for `integer`).
 * - `boolean` (array items): `true` or `false`.
 * - `enum`: one of the flag's choices.
 * - `object`: a JSON object, inline or `@path/to/file.json`.
 * - `json`: any JSON value, inline or `@file`; text that is not JSON is passed as a string.
 *
 * @throws CliUsageError naming the flag, and the file for `@file` values.
 */
export function flagValue(flag: FlagSpec, type: Exclude<FlagType, 'array'>, text: string): unknown {
  const name = `--${flag.name}`
  switch (type) {
    case 'string':
      return text
    case 'number':
    case 'integer': {
      const value = text.trim() === '' ? Number.NaN : Number(text)
      if (!Number.isFinite(value)) throw new CliUsageError(`${name} expects a number, not "${text}"`, { flag: flag.name })
      if (type === 'integer' && !Number.isInteger(value)) throw new CliUsageError(`${name} expects a whole number, not "${text}"`, { flag: flag.name })
      return value
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true'
      throw new CliUsageError(`${name} expects true or false, not "${text}"`, { flag: flag.name })
    case 'enum': {
      const choices = flag.choices ?? []
      if (choices.includes(text)) return text
      const suggestion = suggest(text, choices)
      throw new CliUsageError(`${name} must be one of ${choices.join(', ')} (not "${text}")`, { flag: flag.name, ...(suggestion === undefined ? {} : { suggestion: `${name} ${suggestion}` }) })
    }
    case 'object': {
      // Inline text that is not JSON gets the message naming every form an object takes, not a JSON parse error.
      const value = jsonValue(name, flag.name, text, !text.startsWith('@'))
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new CliUsageError(`${name} expects KEY=value (repeat the flag for more), a JSON object such as '{"key":"value"}', or @file.json`, { flag: flag.name })
      }
      return value
    }
    case 'json':
      return jsonValue(name, flag.name, text, true)
  }
}

/** Parses JSON text or the JSON file named by `@path`; for `json` flags, text that is not JSON stays a string. */
function jsonValue(name: string, flag: string, text: string, lenient: boolean): unknown {
  if (text.startsWith('@')) {
    const path = text.slice(1)
    let content: string
    try {
      content = readFileSync(path, 'utf8')
    } catch (error) {
      throw new CliUsageError(`${name}: cannot read ${path}: ${reason(error)}`, { flag, cause: error })
    }
    try {
      return JSON.parse(content) as unknown
    } catch (error) {
      throw new CliUsageError(`${name}: ${path} is not valid JSON: ${reason(error)}`, { flag, cause: error })
    }
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    if (lenient) return text
    throw new CliUsageError(`${name} expects JSON (or @file.json): ${reason(error)}`, { flag, cause: error })
  }
}

function reason(error: unknown): string {
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'no such file'
  return thrownMessage(error)
}
