import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isCapabilityType } from '../../capabilities/capability-type.js'
import type { CapabilityDescriptor } from '../../capabilities/capability.js'
import { describeCapability } from '../../host/capability-info.js'
import { readPackage } from '../../plugin/find-package.js'
import { entryModule } from '../../plugin/loader/entry-module.js'
import type { CliCommand } from '../args/cli-command.js'
import { commandsFromCapabilities } from '../args/index.js'
import type { ConfiguredManifest } from './plugin-manifests.js'

/**
 * The commands of the capability types configured plugins contribute, for
 * help, completion and parsing before anything starts: each plugin that
 * names types under plugin.json `contributes` has its entry module imported
 * (nothing is created or initialised) and the definitions it exports of
 * those types read. A type two plugins contribute is one command per id,
 * with both as providers.
 */
export async function contributedCommands(configured: readonly ConfiguredManifest[]): Promise<CliCommand[]> {
  const byId = new Map<string, { descriptor: CapabilityDescriptor; providers: string[]; examples: string[] }>()
  for (const { manifest, manifestFile, packageDir } of configured) {
    if (manifest.contributes.length === 0) continue
    const pkg = await readPackage(join(packageDir, 'package.json'))
    const entry = await entryModule({ ...pkg, subpath: '.' }, manifest, manifestFile)
    const namespace = (await import(pathToFileURL(entry.file).href)) as Record<string, unknown>
    const types = Object.values(namespace).filter(isCapabilityType).filter((type) => manifest.contributes.includes(type.name))
    for (const descriptor of types.flatMap((type) => Object.values(type.capabilities))) {
      const known = byId.get(descriptor.id) ?? { descriptor, providers: [], examples: [] }
      if (manifest.capabilities.includes(descriptor.id)) known.providers.push(manifest.name)
      known.examples.push(...(manifest.cli?.hints?.[descriptor.id]?.examples ?? []))
      byId.set(descriptor.id, known)
    }
  }
  const entries = [...byId.values()]
  const infos = entries.map(({ descriptor, providers }) => describeCapability(descriptor, providers.map((plugin) => ({ plugin, priority: 0 }))))
  return commandsFromCapabilities(infos, Object.fromEntries(entries.map(({ descriptor, examples }) => [descriptor.id, { examples }])))
}
