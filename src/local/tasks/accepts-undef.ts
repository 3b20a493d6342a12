import { isCapstanError } from '../../errors/capstan-error.js'
import { parsePuppetType } from './parse-puppet-type.js'
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

/**
 * Whether a task parameter of the Puppet type written `type` may be left out
 * (Puppet's Struct rule, which Bolt applies to task parameters):
 * `Optional[...]`, `Undef`, `Any`, `Data`, `RichData`, or a `Variant[...]`
 * with such a member. `NotUndef`, type aliases, types Capstan does not know
 * and text that is not a type expression need a value. A parameter declared
 * without a type is `Any`, so pass undefined for it.
 *
 * @example
 * ```ts
 * const required = parameter.default === undefined && !puppetTypeAcceptsUndef(parameter.type)
 * ```
 */
export function puppetTypeAcceptsUndef(type: string | undefined): boolean {
  if (type === undefined) return true
  try {
    return acceptsUndef(parsePuppetType(type))
  } catch (error) {
    if (isCapstanError(error, 'CONFIG_ERROR')) return false
    throw error
  }
}
