import { acceptsUndef } from './accepts-undef.js'
import type { PuppetType, StructField } from './puppet-type.js'
import { PuppetTypeSyntaxError } from './tokenize-puppet-type.js'

/** A parameter between a type's brackets, before the type it belongs to decides what it means. */
export type PuppetTypeParam =
  | { kind: 'type'; type: PuppetType; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'word'; value: string; at: number }
  | { kind: 'regex'; source: string; at: number }
  | { kind: 'hash'; entries: Array<[PuppetTypeParam, PuppetTypeParam]>; at: number }

const simple = new Set(['Any', 'Undef', 'Data', 'Scalar', 'ScalarData', 'Boolean'])

/**
 * Gives a type's bracket parameters their meaning: bounds for `String` and
 * `Integer`, member types for `Array` and `Variant`, values for `Enum`, ...
 * A name Capstan does not know becomes `Unknown`, its parameters ignored.
 *
 * @throws PuppetTypeSyntaxError when the parameters do not fit the type.
 */
export function buildPuppetType(name: string, params: PuppetTypeParam[], at: number): PuppetType {
  if (simple.has(name)) {
    if (params.length > 0) throw new PuppetTypeSyntaxError(`${name} takes no parameters`, at)
    return { name } as PuppetType
  }
  switch (name) {
    // RichData adds runtime objects JSON cannot carry, so for task input it is Data.
    case 'RichData':
      return { name: 'Data' }
    case 'String':
    case 'Integer':
    case 'Float':
    case 'Numeric': {
      const [min, max] = bounds(name, params, 0, at)
      return { name, min: name === 'String' ? Math.max(0, min) : min, max }
    }
    case 'Array': {
      const typed = params[0]?.kind === 'type'
      const [min, max] = bounds(name, params, typed ? 1 : 0, at)
      return { name, of: typed ? asType(params[0], name) : { name: 'Any' }, min: Math.max(0, min), max }
    }
    case 'Tuple': {
      const types = params.filter((p) => p.kind === 'type').map((p) => asType(p, name))
      const [min, max] = bounds(name, params, types.length, at, types.length === 0 ? undefined : types.length)
      // A bare Tuple constrains nothing but being an array.
      if (types.length === 0) return { name: 'Array', of: { name: 'Any' }, min: Math.max(0, min), max }
      return { name, of: types, min: Math.max(0, min), max }
    }
    case 'Hash': {
      if (params.length === 0) return { name, key: { name: 'Any' }, value: { name: 'Any' }, min: 0, max: Infinity }
      const [min, max] = bounds(name, params, 2, at)
      return { name, key: asType(params[0], name), value: asType(params[1], name), min: Math.max(0, min), max }
    }
    case 'Struct':
      return struct(params, at)
    case 'Optional':
    case 'NotUndef': {
      if (params.length > 1) throw new PuppetTypeSyntaxError(`${name} takes one parameter`, at)
      const [param] = params
      // Optional['x'] means Optional[Enum['x']]; it is how Struct marks optional keys.
      const of: PuppetType = param === undefined ? { name: 'Any' } : param.kind === 'string' || param.kind === 'word' ? { name: 'Enum', values: [param.value], caseInsensitive: false } : asType(param, name)
      return { name, of }
    }
    case 'Enum':
      return enumType(params, at)
    case 'Pattern':
      return { name, patterns: params.map((p) => pattern(p)) }
    case 'Variant':
      return { name, of: params.map((p) => asType(p, name)) }
    default:
      return { name: 'Unknown', typeName: name }
  }
}

/** Reads the `min, max` parameters that start at `from`; `default` or absence means unbounded. */
function bounds(name: string, params: PuppetTypeParam[], from: number, at: number, count?: number): [number, number] {
  const rest = params.slice(from)
  if (rest.length > 2) throw new PuppetTypeSyntaxError(`${name} takes at most two bounds`, rest[2]?.at ?? at)
  const [lower, upper] = rest.map((p) => {
    if (p.kind === 'number') return p.value
    if (p.kind === 'word' && p.value === 'default') return undefined
    throw new PuppetTypeSyntaxError(`${name} bounds must be numbers or default`, p.at)
  })
  const min = lower ?? (count === undefined ? -Infinity : count)
  // A Tuple without bounds has exactly its types; with a minimum only, its last type repeats without limit.
  const max = upper ?? (count !== undefined && lower === undefined ? count : Infinity)
  return [min, max]
}

function asType(param: PuppetTypeParam | undefined, owner: string): PuppetType {
  if (param?.kind === 'type') return param.type
  throw new PuppetTypeSyntaxError(`${owner} expects a type here`, param?.at ?? 0)
}

function enumType(params: PuppetTypeParam[], at: number): PuppetType {
  const last = params[params.length - 1]
  // Puppet 6+: a trailing `true` makes the match case-insensitive.
  const flag = last?.kind === 'word' && (last.value === 'true' || last.value === 'false') ? last : undefined
  const values = (flag === undefined ? params : params.slice(0, -1)).map((p) => {
    if (p.kind === 'string' || p.kind === 'word') return p.value
    throw new PuppetTypeSyntaxError('Enum values must be strings', p.at)
  })
  if (values.length === 0) throw new PuppetTypeSyntaxError('Enum needs at least one value', at)
  return { name: 'Enum', values, caseInsensitive: flag?.value === 'true' }
}

function pattern(param: PuppetTypeParam): RegExp {
  const source = param.kind === 'regex' ? param.source : param.kind === 'string' ? param.value : undefined
  if (source === undefined) throw new PuppetTypeSyntaxError('Pattern takes regular expressions or strings', param.at)
  try {
    // Puppet regexes are Ruby's; the common subset behaves the same in JavaScript.
    return new RegExp(source)
  } catch {
    throw new PuppetTypeSyntaxError(`regular expression /${source}/ is not supported`, param.at)
  }
}

function struct(params: PuppetTypeParam[], at: number): PuppetType {
  const [hash] = params
  if (params.length !== 1 || hash?.kind !== 'hash') throw new PuppetTypeSyntaxError('Struct takes one {key => Type} hash', at)
  const fields: StructField[] = hash.entries.map(([key, value]) => {
    const type = asType(value, 'Struct')
    if (key.kind === 'string' || key.kind === 'word') return { key: key.value, optional: acceptsUndef(type), type }
    if (key.kind === 'type' && (key.type.name === 'Optional' || key.type.name === 'NotUndef') && key.type.of.name === 'Enum' && key.type.of.values.length === 1) {
      return { key: key.type.of.values[0] as string, optional: key.type.name === 'Optional', type }
    }
    throw new PuppetTypeSyntaxError('Struct keys must be strings, Optional[key] or NotUndef[key]', key.at)
  })
  return { name: 'Struct', fields }
}
