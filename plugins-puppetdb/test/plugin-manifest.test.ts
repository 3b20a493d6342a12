// plugin.json and the plugin agree: loaded through the core's PluginLoader as
// a host would load the package, then compared capability by capability.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { PuppetDbPlugin } from '../src/index.js'
import { loadPluginPackage, type LoadedPackage } from '@capstan/test-support/load-plugin-package'

/** The plugin package (plugins-puppetdb/). */
const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url))
const MANIFEST_FILE = path.join(PACKAGE_DIR, 'plugin.json')
const manifestJson = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as { capabilities: string[]; entry: { factory: string } }

const options = { url: 'http://127.0.0.1:9' }

function load(factoryOptions: unknown): Promise<LoadedPackage> {
  return loadPluginPackage(PACKAGE_DIR, factoryOptions)
}

describe('plugin.json and the plugin', () => {
  it('loads: the manifest validates and the package entry is imported once', async () => {
    const loaded = await load(options)
    expect(loaded.manifestFile).toBe(MANIFEST_FILE)
    expect(path.resolve(loaded.packageDir)).toBe(path.resolve(PACKAGE_DIR))
    expect(loaded.imported).toHaveLength(1)
    expect(loaded.imported[0]).toMatch(/plugins-puppetdb\/dist\/index\.js$/)
    expect(loaded.manifest).toMatchObject({ name: 'puppetdb', version: '0.1.0', core: '^0.1.0' })
  })

  it('creates the plugin with the factory the manifest names, whose name matches', async () => {
    const loaded = await load(options)
    expect(loaded.manifest.entry?.factory).toBe('puppetdbPlugin')
    expect(loaded.plugin).toBeInstanceOf(PuppetDbPlugin)
    expect(loaded.plugin.metadata.name).toBe(loaded.manifest.name)
    expect(loaded.plugin.metadata.version).toBe(loaded.manifest.version)
    expect(loaded.plugin.metadata.coreRange).toBe(loaded.manifest.core)
  })

  it('provides every capability it declares, and declares every one it provides', async () => {
    const { plugin, manifest } = await load(options)
    // Exactly what it implements: inventory.get and info.refresh come from inventory.list and info.facts, derived by the host.
    expect(Object.keys(plugin.capabilities()).sort()).toEqual([...manifest.capabilities].sort())
    // The manifest on disk is the one the loader read.
    expect(manifest.capabilities).toEqual(manifestJson.capabilities)
  })

  it('lists under permissions and widgets only capabilities it declares', async () => {
    const { manifest } = await load(options)
    const declared = new Set(manifest.capabilities)
    for (const widget of manifest.frontend?.widgets ?? []) {
      for (const id of widget.capabilities) expect(declared.has(id), `${widget.id} uses ${id}`).toBe(true)
    }
    for (const id of Object.keys(manifest.cli?.hints ?? {})) expect(declared.has(id), `cli hint for ${id}`).toBe(true)
    const viewer = manifest.permissions?.['viewer'] ?? []
    for (const id of declared) expect(viewer.some((pattern) => pattern === id || (pattern.endsWith('.*') && id.startsWith(pattern.slice(0, -1)))), id).toBe(true)
  })

  it('reports a bad option as a CONFIG_ERROR from the factory, naming options.<field>', async () => {
    const error = (await load({ ...options, pageSize: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    )) as CapstanError | undefined
    expect(error?.code).toBe('CONFIG_ERROR')
    expect(error?.message).toContain('factory puppetdbPlugin(options) threw')
    expect(error?.details['field']).toBe('options.pageSize')
  })

  it('cannot load a renamed instance through the manifest (its name must match plugin.json)', async () => {
    // The `name` option is for wiring several PuppetDBs by hand; the loader insists on plugin.json's name.
    const error = (await load({ ...options, name: 'puppetdb-eu' }).then(
      () => undefined,
      (e: unknown) => e,
    )) as CapstanError | undefined
    expect(error?.code).toBe('CONFIG_ERROR')
    expect(error?.details['field']).toBe('name')
    expect(error?.message).toContain('puppetdb-eu')
  })
})
