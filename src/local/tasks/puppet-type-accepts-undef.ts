import { isCapstanError } from '../../errors/capstan-error.js'
import { acceptsUndef } from './accepts-undef.js'
import { parsePuppetType } from './parse-puppet-type.js'

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
