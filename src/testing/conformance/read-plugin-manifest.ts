import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { PluginManifest } from 'capstan'
import { parseManifest } from 'capstan/plugin-kit'

/**
 * The plugin.json of a package, found as the loader finds it (`capstan.plugin`
 * in package.json, else `plugin.json`) and checked by the core's own parser.
 *
 * @throws CapstanError CONFIG_ERROR naming the file and field when the manifest is not valid; a file that cannot be read or parsed throws its own error.
 */
export async function readPluginManifest(packageDir: string): Promise<PluginManifest> {
  const dir = resolve(packageDir)
  const named = (await readJson(join(dir, 'package.json')).catch(() => undefined)) as { capstan?: { plugin?: unknown } } | undefined
  const file = join(dir, typeof named?.capstan?.plugin === 'string' ? named.capstan.plugin : 'plugin.json')
  return parseManifest(await readJson(file), file)
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown
}
