import type { BasePlugin } from '../plugin/base-plugin.js'
import { withDerivedHandlers } from '../registry/derived-handlers.js'

/**
 * The capability ids the host routes to `plugin`, sorted: those its
 * `capabilities()` implements and those the host derives from them
 * (`inventory.get` and `inventory.filter` from `inventory.list`,
 * `info.refresh` from `info.facts`). A plugin's plugin.json lists exactly
 * these, which a plugin's test can check.
 *
 * @example
 * ```ts
 * expect(servedCapabilities(myPlugin(options))).toEqual([...manifest.capabilities].sort())
 * ```
 */
export function servedCapabilities(plugin: BasePlugin): string[] {
  return Object.keys(withDerivedHandlers(plugin.capabilities())).sort()
}
