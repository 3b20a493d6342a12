import type { PuppetType } from './puppet-type.js'

/**
 * Whether a value of this type may be left out: a task parameter or a
 * Struct key whose type accepts undef is optional, as in Puppet. A type
 * Capstan does not know is assumed to need a value, since the custom types
 * tasks use (`Stdlib::Absolutepath`, ...) do.
 */
export function acceptsUndef(type: PuppetType): boolean {
  switch (type.name) {
    case 'Any':
    case 'Undef':
    case 'Data':
    case 'Optional':
      return true
    case 'Variant':
      return type.of.some(acceptsUndef)
    default:
      return false
  }
}
