/**
 * A parsed Puppet data type, as task metadata declares parameter types
 * (`String[1]`, `Optional[Enum[start, stop]]`, `Hash[String, Integer]`).
 * Bounds that Puppet writes as `default` or leaves out are `-Infinity` /
 * `Infinity`, so checks need no special case.
 */
export type PuppetType =
  | { name: 'Any' }
  | { name: 'Undef' }
  | { name: 'Data' }
  | { name: 'Scalar' }
  | { name: 'ScalarData' }
  | { name: 'Boolean' }
  | { name: 'String'; min: number; max: number }
  | { name: 'Integer'; min: number; max: number }
  | { name: 'Float'; min: number; max: number }
  | { name: 'Numeric'; min: number; max: number }
  | { name: 'Array'; of: PuppetType; min: number; max: number }
  | { name: 'Tuple'; of: PuppetType[]; min: number; max: number }
  | { name: 'Hash'; key: PuppetType; value: PuppetType; min: number; max: number }
  | { name: 'Struct'; fields: StructField[] }
  | { name: 'Optional'; of: PuppetType }
  | { name: 'NotUndef'; of: PuppetType }
  | { name: 'Enum'; values: string[]; caseInsensitive: boolean }
  | { name: 'Pattern'; patterns: RegExp[] }
  | { name: 'Variant'; of: PuppetType[] }
  | { name: 'Unknown'; typeName: string }

/** One key of a `Struct[{...}]` type. */
export interface StructField {
  key: string
  /** Declared as `Optional['key']`, or its value type accepts undef: the key may be left out. */
  optional: boolean
  type: PuppetType
}
