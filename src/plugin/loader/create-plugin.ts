import { thrownMessage } from '../../errors/thrown-message.js'
import { issuesOfError } from '../../errors/issues-of-error.js'
import type { BasePlugin } from '../base-plugin.js'
import { pluginConfigError } from '../plugin-config-error.js'
import { isClass, describeValue } from './describe-value.js'
import type { Factory } from './pick-factory.js'
import { isPlugin } from '../is-plugin.js'

/**
 * Calls (or, for a class, constructs) a plugin factory with the options and
 * checks it returned a plugin.
 *
 * @throws CapstanError CONFIG_ERROR naming `options.<field>` when the factory refused an option, or the factory when it returned no plugin.
 */
export async function createPlugin(factory: Factory, options: unknown, entryFile: string, context: Record<string, unknown>): Promise<BasePlugin> {
  let created: unknown
  try {
    // A class picked explicitly is constructed rather than called, since calling it throws a confusing TypeError.
    created = isClass(factory.fn) ? new (factory.fn as unknown as new (options: unknown) => unknown)(options) : await factory.fn(options)
  } catch (error) {
    // Factories validate their options, so a failure is most often a bad option; name it when the error says which.
    const issues = issuesOfError(error)
    const field = issues?.[0]?.path === undefined || issues[0].path === '(root)' ? 'options' : `options.${issues[0].path}`
    throw pluginConfigError({
      file: entryFile,
      field,
      message: `factory ${factory.name}(options) threw: ${thrownMessage(error)}`,
      details: { ...context, factory: factory.name, ...(issues === undefined ? {} : { issues }) },
      cause: error,
    })
  }
  if (!isPlugin(created)) {
    throw pluginConfigError({
      file: entryFile,
      field: factory.name,
      message: `factory returned ${describeValue(created)}, not a plugin (needs metadata.name and initialize, healthCheck, dispose and capabilities methods)`,
      details: { ...context, factory: factory.name },
    })
  }
  return created
}
