import type { BasePlugin } from './base-plugin.js'

/**
 * True when `value` has the shape of a {@link BasePlugin}: `metadata.name`
 * and the `initialize`, `healthCheck`, `dispose` and `capabilities` methods.
 *
 * Duck-typed on purpose: a plugin package may get the ESM copy of the core
 * while the host runs the CJS copy (or another installed version), and then
 * `instanceof BasePlugin` is false for a perfectly good plugin.
 *
 * @example
 * ```ts
 * const plugin = await factory(options)
 * if (!isPlugin(plugin)) throw new Error('factory did not return a plugin')
 * ```
 */
export function isPlugin(value: unknown): value is BasePlugin {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  const metadata = candidate['metadata']
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>)['name'] === 'string' &&
    typeof candidate['initialize'] === 'function' &&
    typeof candidate['healthCheck'] === 'function' &&
    typeof candidate['dispose'] === 'function' &&
    typeof candidate['capabilities'] === 'function'
  )
}
