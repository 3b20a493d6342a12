import { thrownMessage } from '../../errors/thrown-message.js'
import type { BasePlugin } from '../base-plugin.js'
import { pluginConfigError } from '../plugin-config-error.js'
import type { PluginManifest } from '../plugin-manifest.js'
import { describeValue, isRecord, quoted } from './describe-value.js'

/** Where the plugin's manifest and code are, for the errors of {@link checkAgreement}. */
export interface AgreementFiles {
  manifestFile: string
  entryFile: string
  /** The package's version (package.json), which the plugin's `metadata.version` must be. */
  packageVersion?: string | undefined
}

/**
 * Checks that a plugin is the one its manifest describes: the same name and
 * version, and the same capabilities both ways (every id plugin.json lists is
 * in `capabilities()`, and every id `capabilities()` has is listed).
 *
 * @throws CapstanError CONFIG_ERROR naming the file and field, and which id is missing where (`details.undeclared`, `details.unimplemented`).
 */
export function checkAgreement(plugin: BasePlugin, manifest: PluginManifest, files: AgreementFiles, context: Record<string, unknown>): void {
  const { manifestFile, entryFile } = files
  if (plugin.metadata.name !== manifest.name) {
    throw pluginConfigError({ file: manifestFile, field: 'name', message: `"${manifest.name}" does not match the plugin's metadata.name "${plugin.metadata.name}"`, details: context })
  }
  const version = files.packageVersion ?? manifest.version
  if (version !== undefined && plugin.metadata.version !== version) {
    throw pluginConfigError({
      file: entryFile,
      field: 'metadata.version',
      message: `"${plugin.metadata.version}" is not the package's version "${version}"; build metadata from plugin.json and package.json (pluginMetadata) instead of typing it again`,
      details: context,
    })
  }
  let provided: unknown
  try {
    provided = plugin.capabilities()
  } catch (error) {
    throw pluginConfigError({ file: entryFile, field: 'capabilities()', message: `threw: ${thrownMessage(error)}`, details: context, cause: error })
  }
  if (!isRecord(provided)) {
    throw pluginConfigError({ file: entryFile, field: 'capabilities()', message: `returned ${describeValue(provided)}, not an object keyed by capability id`, details: context })
  }
  const declared = new Set(manifest.capabilities)
  const implemented = Object.keys(provided).filter((id) => typeof provided[id] === 'function')
  const undeclared = implemented.filter((id) => !declared.has(id))
  if (undeclared.length > 0) {
    throw pluginConfigError({
      file: manifestFile,
      field: 'capabilities',
      message: `the plugin provides ${quoted(undeclared)}, not declared here; add ${undeclared.length === 1 ? 'it' : 'them'} to capabilities`,
      details: { ...context, undeclared },
    })
  }
  const unimplemented = manifest.capabilities.filter((id) => !implemented.includes(id))
  if (unimplemented.length > 0) {
    throw pluginConfigError({
      file: manifestFile,
      field: 'capabilities',
      message: `lists ${quoted(unimplemented)}, missing from the plugin's capabilities() (${entryFile}); list only what the plugin implements (capabilities it serves through another, such as inventory.get through inventory.list, are derived by the host)`,
      details: { ...context, unimplemented },
    })
  }
}
