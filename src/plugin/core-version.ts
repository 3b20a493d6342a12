import semver from 'semver'
import { pluginConfigError } from './plugin-config-error.js'

/**
 * Version of this core package. A literal rather than a read of package.json:
 * `import.meta.url` is empty in the CJS build and the relative path to
 * package.json differs between src/ and dist/, so reading it is fragile.
 * test/plugin/core-version.test.ts keeps it equal to package.json's version.
 */
export const CORE_VERSION = '0.1.0'

/** Options of {@link assertCoreRange}. */
export interface AssertCoreRangeOptions {
  /** The plugin's name, for the message; defaults to the file. */
  plugin?: string | undefined
  /** The version to check against; defaults to {@link CORE_VERSION}. */
  coreVersion?: string | undefined
}

/**
 * Throws a CONFIG_ERROR unless `coreVersion` satisfies the plugin's `core`
 * range. Prereleases of the core count (`^0.1.0` accepts `0.1.1-rc.1`, which
 * plain semver rejects) so that release candidates of the core can load the
 * plugins they are meant to be tried with.
 *
 * @param range - the `core` field of the plugin's manifest
 * @param file - the manifest the range comes from, named in the error
 *
 * @example
 * ```ts
 * assertCoreRange('^2.0.0', 'plugin.json', { plugin: 'bolt' })
 * // CapstanError CONFIG_ERROR: plugin.json: core: plugin bolt supports capstan ^2.0.0, this is 0.1.0
 * ```
 */
export function assertCoreRange(range: string, file: string, options: AssertCoreRangeOptions = {}): void {
  const coreVersion = options.coreVersion ?? CORE_VERSION
  const plugin = options.plugin ?? file
  const details = { plugin, range, coreVersion }
  if (semver.validRange(range) === null) {
    throw pluginConfigError({ file, field: 'core', message: `"${range}" is not a valid semver range`, details })
  }
  if (!semver.satisfies(coreVersion, range, { includePrerelease: true })) {
    throw pluginConfigError({
      file,
      field: 'core',
      message: `plugin ${plugin} supports capstan ${range}, this is ${coreVersion}`,
      details,
    })
  }
}
