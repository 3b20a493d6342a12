import type { CapabilityTypeDefinition, PluginManifest } from 'capstan'
import type { ConformanceSettings } from '../conformance-settings.js'
import { describeThrown } from '../describe-thrown.js'
import { descriptorOf } from '../descriptor-of.js'
import { readPluginManifest } from '../read-plugin-manifest.js'
import type { ResultLog } from '../result-log.js'

/** What the code says about the plugin, for the comparison with plugin.json. */
export interface PluginFacts {
  name: string
  /** The ids `capabilities()` returns. */
  provided: readonly string[]
  /** The capability types it contributes. */
  contributes: readonly CapabilityTypeDefinition[]
}

/**
 * Check 7: plugin.json and the code agree, both ways. The name is
 * `metadata.name`; every declared id is provided by `capabilities()` (ids
 * the host derives, such as `inventory.get`, are not declared); every
 * provided id is declared; and every provided id has a descriptor. One
 * result per id, naming the side it is missing from. Resolves with the
 * declared ids (none without a manifest).
 */
export async function checkManifest(settings: ConformanceSettings, log: ResultLog, plugin: PluginFacts): Promise<readonly string[]> {
  for (const id of plugin.provided.filter((id) => descriptorOf(id, plugin.contributes) === undefined)) {
    log.record('manifest', id, { problems: [`capabilities() provides "${id}", which has no capability descriptor`] })
  }
  const packageDir = settings.packageDir
  if (packageDir === undefined) {
    await log.check('manifest', undefined, () => ({ skipped: 'no packageDir given, so there is no plugin.json to compare' }))
    return []
  }
  let manifest: PluginManifest | undefined
  await log.check('manifest', undefined, async () => {
    try {
      manifest = await readPluginManifest(packageDir)
    } catch (error) {
      return { problems: [`plugin.json of ${packageDir} cannot be read: ${describeThrown(error)}`] }
    }
    return manifest.name === plugin.name ? undefined : { problems: [`plugin.json names the plugin "${manifest.name}", but its metadata.name is "${plugin.name}"`] }
  })
  if (manifest === undefined) return []
  const declared = manifest.capabilities
  const served = new Set(plugin.provided)
  for (const id of [...new Set([...declared, ...plugin.provided])]) {
    await log.check('manifest', id, () => {
      if (!declared.includes(id)) return { problems: [`the plugin provides "${id}" (capabilities()), but plugin.json does not declare it`] }
      if (!served.has(id)) return { problems: [`plugin.json declares "${id}", but the plugin does not provide it (capabilities() has no "${id}")`] }
      return undefined
    })
  }
  return declared
}
