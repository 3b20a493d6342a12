import { getCapability } from '../capabilities/catalog.js'
import type { PluginMetadata } from './plugin-metadata.js'

/** What {@link pluginMetadata} reads of a plugin's plugin.json. */
export interface ManifestIdentity {
  name: string
  description?: string | undefined
  /** Semver range of the core the plugin supports. */
  core?: string | undefined
  capabilities?: readonly string[] | undefined
}

/** What {@link pluginMetadata} reads of a plugin's package.json. */
export interface PackageIdentity {
  version: string
}

/** What only the code knows, or an option may change (a plugin wired twice under two names). */
export type MetadataOverrides = Partial<Pick<PluginMetadata, 'name' | 'description' | 'transports' | 'batchSize'>>

/**
 * A plugin's {@link PluginMetadata} from the files that already say it, so
 * nothing is typed twice: the name, description, core range and capabilities
 * from plugin.json, the version from package.json. Integration types are the
 * types of the capabilities plugin.json lists (a contributed capability's
 * type is its id's first word). The loader checks the plugin's metadata
 * against both files.
 *
 * @example
 * ```ts
 * import manifest from '../plugin.json' with { type: 'json' }
 * import pkg from '../package.json' with { type: 'json' }
 *
 * class HelloPlugin extends BasePlugin {
 *   readonly metadata = pluginMetadata(manifest, pkg, { transports: ['ssh'] })
 *   // ...
 * }
 * ```
 */
export function pluginMetadata(manifest: ManifestIdentity, pkg: PackageIdentity, overrides: MetadataOverrides = {}): PluginMetadata {
  const types = (manifest.capabilities ?? []).map((id) => getCapability(id)?.type ?? (id.split('.')[0] as string))
  // None when plugin.json lists no capability: the host then refuses the metadata (integrationTypes needs one).
  const integrationTypes = [...new Set(types)]
  return {
    name: manifest.name,
    version: pkg.version,
    ...(manifest.description === undefined ? {} : { description: manifest.description }),
    ...(manifest.core === undefined ? {} : { coreRange: manifest.core }),
    integrationTypes,
    ...overrides,
  }
}
