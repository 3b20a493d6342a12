import { capabilityCatalog } from '../../capabilities/catalog.js'
import { isCapstanError } from '../../errors/capstan-error.js'
import { createSilentLogger } from '../../logging/silent-logger.js'
import { CapabilityRegistry } from '../../registry/capability-registry.js'
import type { BasePlugin } from '../base-plugin.js'
import { pluginConfigError } from '../plugin-config-error.js'
import type { PluginManifest } from '../plugin-manifest.js'
import { quoted } from './describe-value.js'

/**
 * Checks the capability types a plugin contributes against its manifest and
 * the core: plugin.json's `contributes` names exactly the types the plugin's
 * `contributes` defines, each type is well formed and clashes with no core
 * type, and every contributed id plugin.json lists is defined. With
 * `registry` (one per scan), a clash with a plugin loaded before is found too.
 *
 * @throws CapstanError CONFIG_ERROR naming the file and field at fault.
 */
export function checkContributions(
  plugin: BasePlugin,
  manifest: PluginManifest,
  files: { manifestFile: string; entryFile: string },
  context: Record<string, unknown>,
  registry: CapabilityRegistry = new CapabilityRegistry({ catalog: capabilityCatalog, logger: createSilentLogger() }),
): void {
  const types = plugin.contributes ?? []
  const defined = types.map((type) => (typeof type === 'object' && type !== null ? String(type.name) : String(type)))
  const unnamed = defined.filter((name) => !manifest.contributes.includes(name))
  if (unnamed.length > 0) {
    throw pluginConfigError({ file: files.manifestFile, field: 'contributes', message: `the plugin contributes ${quoted(unnamed)}, missing here; add ${unnamed.length === 1 ? 'it' : 'them'} to contributes`, details: { ...context, undeclared: unnamed } })
  }
  const undefinedTypes = manifest.contributes.filter((name) => !defined.includes(name))
  if (undefinedTypes.length > 0) {
    throw pluginConfigError({
      file: files.manifestFile,
      field: 'contributes',
      message: `names ${quoted(undefinedTypes)}, which the plugin's contributes (${files.entryFile}) does not define`,
      details: { ...context, undefinedTypes },
    })
  }
  try {
    registry.contribute(manifest.name, types)
  } catch (error) {
    if (!isCapstanError(error, 'CONFIG_ERROR')) throw error
    const field = typeof error.details['field'] === 'string' ? error.details['field'] : 'contributes'
    throw pluginConfigError({ file: files.entryFile, field, message: error.message, details: { ...context, ...error.details }, cause: error })
  }
  const ids = new Set(types.flatMap((type) => Object.values(type.capabilities).map((d) => d.id)))
  const missing = manifest.capabilities.filter((id) => manifest.contributes.includes(id.slice(0, id.indexOf('.'))) && !ids.has(id))
  if (missing.length > 0) {
    throw pluginConfigError({ file: files.manifestFile, field: 'capabilities', message: `lists ${quoted(missing)}, which no type the plugin contributes defines`, details: { ...context, missing } })
  }
}
