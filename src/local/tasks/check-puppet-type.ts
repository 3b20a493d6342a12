import type { PuppetType } from './puppet-type.js'

/**
 * Whether a JSON value is an instance of a Puppet type. `undefined` and
 * `null` both stand for Puppet's `undef`. Two liberties, because the value
 * arrived as JSON: `Float` accepts any number (JSON cannot tell `1.0` from
 * `1`), and an `Unknown` type (one Capstan cannot resolve) accepts anything.
 */
export function checkPuppetType(type: PuppetType, value: unknown): boolean {
  switch (type.name) {
    case 'Any':
    case 'Unknown':
      return true
    case 'Undef':
      return isUndef(value)
    case 'Data':
      return isData(value)
    case 'Scalar':
    case 'ScalarData':
      return isScalar(value)
    case 'Boolean':
      return typeof value === 'boolean'
    case 'String':
      return typeof value === 'string' && inRange(Array.from(value).length, type.min, type.max)
    case 'Integer':
      return Number.isInteger(value) && inRange(value as number, type.min, type.max)
    case 'Float':
    case 'Numeric':
      return typeof value === 'number' && Number.isFinite(value) && inRange(value, type.min, type.max)
    case 'Array':
      return Array.isArray(value) && inRange(value.length, type.min, type.max) && value.every((item) => checkPuppetType(type.of, item))
    case 'Tuple':
      return Array.isArray(value) && inRange(value.length, type.min, type.max) && value.every((item, i) => {
        // Past the declared types, the last one repeats.
        const itemType = type.of[Math.min(i, type.of.length - 1)]
        return itemType !== undefined && checkPuppetType(itemType, item)
      })
    case 'Hash':
      return isHash(value) && inRange(Object.keys(value).length, type.min, type.max) && Object.entries(value).every(([k, v]) => checkPuppetType(type.key, k) && checkPuppetType(type.value, v))
    case 'Struct': {
      if (!isHash(value)) return false
      const declared = new Set(type.fields.map((f) => f.key))
      if (Object.keys(value).some((k) => !declared.has(k))) return false
      return type.fields.every((f) => (Object.hasOwn(value, f.key) ? checkPuppetType(f.type, value[f.key]) : f.optional))
    }
    case 'Optional':
      return isUndef(value) || checkPuppetType(type.of, value)
    case 'NotUndef':
      return !isUndef(value) && checkPuppetType(type.of, value)
    case 'Enum':
      return typeof value === 'string' && (type.caseInsensitive ? type.values.some((v) => v.toLowerCase() === value.toLowerCase()) : type.values.includes(value))
    case 'Pattern':
      return typeof value === 'string' && (type.patterns.length === 0 || type.patterns.some((re) => re.test(value)))
    case 'Variant':
      return type.of.some((member) => checkPuppetType(member, value))
  }
}

function isUndef(value: unknown): boolean {
  return value === undefined || value === null
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
}

function isHash(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isData(value: unknown): boolean {
  if (isUndef(value) || isScalar(value)) return true
  if (Array.isArray(value)) return value.every(isData)
  return isHash(value) && Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(isData)
}

function inRange(n: number, min: number, max: number): boolean {
  return n >= min && n <= max
}
