import type { FlagSpec, FlagType } from './cli-command.js'
import { kebabCase } from './kebab-case.js'

type Schema = Record<string, unknown>

/** What one JSON Schema node becomes on the command line. */
interface Mapped {
  type: FlagType
  itemType?: Exclude<FlagType, 'array'>
  choices?: string[]
}

/**
 * One flag per top-level property of a capability's input JSON Schema (as
 * `describeCapability` produces it), in the schema's property order.
 *
 * Types: `string`, `number`, `integer` and `boolean` map to themselves; a
 * string enum (or a union of string literals) to `enum` with its choices; an
 * array to `array` with the item type (and choices for enum items); an
 * object or record to `object` (JSON text or `@file.json`); a union of a
 * value and a list of that value — like `targets`, a name or a list of names
 * or a filter object — to `array` of the value, so one flag or several work;
 * anything else to `json`. A nullable type maps as the type itself.
 */
export function flagsFromSchema(inputSchema: Record<string, unknown>): FlagSpec[] {
  const properties = isSchema(inputSchema['properties']) ? inputSchema['properties'] : {}
  const required = Array.isArray(inputSchema['required']) ? new Set(inputSchema['required'].filter((r): r is string => typeof r === 'string')) : new Set<string>()
  return Object.entries(properties).map(([property, raw]) => {
    const schema = isSchema(raw) ? raw : {}
    const mapped = mapSchema(schema)
    const description = typeof schema['description'] === 'string' ? schema['description'] : undefined
    return {
      property,
      name: kebabCase(property),
      type: mapped.type,
      ...(mapped.itemType === undefined ? {} : { itemType: mapped.itemType }),
      ...(mapped.choices === undefined ? {} : { choices: mapped.choices }),
      ...('default' in schema ? { default: schema['default'] } : {}),
      ...(description === undefined ? {} : { description }),
      required: required.has(property),
    }
  })
}

function mapSchema(schema: Schema): Mapped {
  const choices = stringChoices(schema)
  if (choices !== undefined) return { type: 'enum', choices }
  const branches = unionBranches(schema)
  if (branches !== undefined) return mapUnion(branches)
  switch (singleType(schema)) {
    case 'string':
      return { type: 'string' }
    case 'number':
      return { type: 'number' }
    case 'integer':
      return { type: 'integer' }
    case 'boolean':
      return { type: 'boolean' }
    case 'object':
      return { type: 'object' }
    case 'array': {
      const items = isSchema(schema['items']) ? mapSchema(schema['items']) : { type: 'json' as const }
      if (items.type === 'array') return { type: 'array', itemType: 'json' }
      return { type: 'array', itemType: items.type, ...(items.choices === undefined ? {} : { choices: items.choices }) }
    }
    default:
      return { type: 'json' }
  }
}

/**
 * A union flags can express: one branch, a set of string literals, or a
 * value beside a list of that value (other branches, such as the filter
 * object of `targets`, stay reachable only through the API).
 */
function mapUnion(branches: Schema[]): Mapped {
  const [only] = branches
  if (branches.length === 1 && only !== undefined) return mapSchema(only)
  const literals = branches.map(stringChoices)
  if (literals.every((c) => c !== undefined)) return { type: 'enum', choices: [...new Set(literals.flat())] }
  const mapped = branches.map(mapSchema)
  const list = mapped.find((m) => m.type === 'array' && m.itemType !== undefined && m.itemType !== 'json' && m.itemType !== 'object')
  if (list?.itemType !== undefined && mapped.some((m) => m.type === list.itemType)) {
    return { type: 'array', itemType: list.itemType, ...(list.choices === undefined ? {} : { choices: list.choices }) }
  }
  return { type: 'json' }
}

/** The branches of an `anyOf`/`oneOf` or of a `type` list, without `null` (a nullable value maps as the value). */
function unionBranches(schema: Schema): Schema[] | undefined {
  const union = schema['anyOf'] ?? schema['oneOf']
  if (Array.isArray(union)) return union.filter(isSchema).filter((branch) => branch['type'] !== 'null')
  const type = schema['type']
  if (Array.isArray(type)) return type.filter((t) => t !== 'null').map((t) => ({ ...schema, type: t }))
  return undefined
}

function singleType(schema: Schema): string | undefined {
  const type = schema['type']
  if (typeof type === 'string') return type
  // Zod writes records and objects with `properties`/`additionalProperties` and always a type; be lenient anyway.
  if (isSchema(schema['properties']) || 'additionalProperties' in schema) return 'object'
  return undefined
}

/** The allowed values of a string enum or string literal; undefined for anything else. */
function stringChoices(schema: Schema): string[] | undefined {
  const values = Array.isArray(schema['enum']) ? schema['enum'] : 'const' in schema ? [schema['const']] : undefined
  if (values === undefined || values.length === 0) return undefined
  return values.every((v): v is string => typeof v === 'string') ? values : undefined
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
