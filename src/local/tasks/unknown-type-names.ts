import type { PuppetType } from './puppet-type.js'

/**
 * The names of every type inside `type` that Capstan could not resolve
 * (accepted as anything), so the caller can say which checks were skipped.
 */
export function unknownTypeNames(type: PuppetType): string[] {
  switch (type.name) {
    case 'Unknown':
      return [type.typeName]
    case 'Array':
    case 'Optional':
    case 'NotUndef':
      return unknownTypeNames(type.of)
    case 'Tuple':
    case 'Variant':
      return type.of.flatMap(unknownTypeNames)
    case 'Hash':
      return [...unknownTypeNames(type.key), ...unknownTypeNames(type.value)]
    case 'Struct':
      return type.fields.flatMap((f) => unknownTypeNames(f.type))
    default:
      return []
  }
}
