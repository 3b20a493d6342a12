import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CapstanError } from '../../src/errors/capstan-error.js'
import { PluginLoader, type LoadPluginRequest } from '../../src/plugin/plugin-loader.js'

const fixtures = fileURLToPath(new URL('../fixtures/plugins/', import.meta.url))
const fixture = (name: string, file = '') => join(fixtures, name, file)

type ConfigError = CapstanError & { details: { file: string; field: string } & Record<string, unknown> }

async function loadError(loader: PluginLoader, request: LoadPluginRequest): Promise<ConfigError> {
  const error: unknown = await loader.load(request).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof CapstanError)) throw new Error(`expected a CapstanError, got ${String(error)}`)
  expect(error.code).toBe('CONFIG_ERROR')
  return error as ConfigError
}

/** A loader whose imports are recorded, to prove what was (not) imported. */
function recordingLoader(namespace?: unknown): { loader: PluginLoader; imported: string[] } {
  const imported: string[] = []
  const loader = new PluginLoader({
    import: async (specifier) => {
      imported.push(specifier)
      return namespace ?? import(specifier)
    },
  })
  return { loader, imported }
}

const duckPlugin = (name = 'inventory-fake', capabilities: Record<string, unknown> = { 'inventory.list': async () => ({ nodes: [] }) }) => ({
  metadata: { name, version: '1.0.0', integrationTypes: ['inventory'] },
  initialize: async () => {},
  healthCheck: async () => ({}),
  dispose: async () => {},
  capabilities: () => capabilities,
})

let scratch: string

/** Writes a package into the scratch directory and returns its path. */
async function writePackage(name: string, files: Record<string, unknown>): Promise<string> {
  const dir = join(scratch, name)
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true })
    await writeFile(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
  return dir
}

const pluginPackage = { name: 'scratch-plugin', type: 'module', capstan: { plugin: './plugin.json' } }
const goodManifest = { name: 'inventory-fake', version: '1.0.0', core: '^0.1.0', capabilities: ['inventory.list'] }

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'capstan-loader-'))
})

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

describe('PluginLoader.load', () => {
  it('loads a plugin package by directory and creates the plugin with its options', async () => {
    const loaded = await new PluginLoader().load({ module: fixture('inventory-fake'), options: { region: 'eu' } })
    expect(loaded.packageDir).toBe(fixture('inventory-fake'))
    expect(loaded.manifestFile).toBe(fixture('inventory-fake', 'plugin.json'))
    expect(loaded.manifest.name).toBe('inventory-fake')
    expect(loaded.manifest.permissions).toEqual({ viewer: ['inventory.*'] })
    expect(loaded.plugin.metadata.name).toBe('inventory-fake')
    expect((loaded.plugin as unknown as { options: unknown }).options).toEqual({ region: 'eu' })
    const list = loaded.plugin.capabilities()['inventory.list']
    const signal = new AbortController().signal
    const result = await list?.({ refresh: false }, { signal, logger: undefined as never })
    expect(result?.nodes.map((node) => node.id)).toEqual(['web01.example.com', 'db01.example.com'])
  })

  it('picks the single function export ending in Plugin, skipping the class of the same name', async () => {
    const { loader, imported } = recordingLoader()
    const loaded = await loader.load({ module: './inventory-fake', from: fixtures })
    expect(loaded.plugin.constructor.name).toBe('InventoryFakePlugin')
    expect(imported).toEqual([new URL('inventory-fake/index.js', `file://${fixtures}`).href])
  })

  it('loads a file inside a plugin package, finding the package above it', async () => {
    const loaded = await new PluginLoader().load({ module: fixture('inventory-fake', 'index.js') })
    expect(loaded.packageDir).toBe(fixture('inventory-fake'))
  })

  it('finds a package by name through node_modules above `from`', async () => {
    const app = join(scratch, 'app')
    await mkdir(join(app, 'node_modules'), { recursive: true })
    await symlink(fixture('inventory-fake'), join(app, 'node_modules', 'capstan-fixture-inventory-fake'), 'dir')
    await mkdir(join(app, 'src', 'deep'), { recursive: true })
    const loaded = await new PluginLoader().load({ module: 'capstan-fixture-inventory-fake', from: join(app, 'src', 'deep') })
    expect(loaded.manifest.name).toBe('inventory-fake')
  })

  it('names the package and `from` when no package of that name is installed', async () => {
    const error = await loadError(new PluginLoader(), { module: '@capstan/plugin-missing', from: scratch })
    expect(error.message).toContain(`@capstan/plugin-missing: module: cannot find the package from ${scratch}`)
    expect(error.details).toMatchObject({ file: '@capstan/plugin-missing', field: 'module', module: '@capstan/plugin-missing' })
  })

  it('names the path when the module path does not exist', async () => {
    const error = await loadError(new PluginLoader(), { module: './nowhere', from: fixtures })
    expect(error.details).toMatchObject({ file: fixture('nowhere'), field: '(root)' })
  })

  it('rejects a bad manifest, naming the file and the field, before importing anything', async () => {
    const { loader, imported } = recordingLoader()
    const error = await loadError(loader, { module: fixture('bad-manifest') })
    const file = fixture('bad-manifest', 'plugin.json')
    expect(error.message).toBe(`${file}: capabilities[2]: unknown capability "inventry.list" (did you mean "inventory.list"?)`)
    expect(error.details).toMatchObject({ file, field: 'capabilities[2]' })
    expect(imported).toEqual([])
  })

  it('checks the core range before importing any plugin code', async () => {
    const { loader, imported } = recordingLoader()
    const error = await loadError(loader, { module: fixture('unsupported-core') })
    const file = fixture('unsupported-core', 'plugin.json')
    expect(error.message).toBe(`${file}: core: plugin unsupported-core supports capstan ^2.0.0, this is 0.1.0`)
    expect(error.details).toMatchObject({ file, field: 'core', range: '^2.0.0', coreVersion: '0.1.0' })
    expect(imported).toEqual([])
  })

  it('reports the core range, not unknown capabilities, for a manifest written for a newer core', async () => {
    const dir = await writePackage('newer-core', {
      'package.json': pluginPackage,
      'plugin.json': { ...goodManifest, core: '^3.0.0', capabilities: ['inventory.list', 'teleport.node'] },
      'index.js': 'throw new Error("never imported")',
    })
    const error = await loadError(new PluginLoader(), { module: dir })
    expect(error.details.field).toBe('core')
  })

  it('imports the module once the core satisfies the range (this fixture then throws at import)', async () => {
    const error = await loadError(new PluginLoader({ coreVersion: '2.1.0' }), { module: fixture('unsupported-core') })
    expect(error.message).toContain(`${fixture('unsupported-core', 'package.json')}: exports: importing ${fixture('unsupported-core', 'index.js')} failed`)
    expect(error.message).toContain('must never be imported')
    expect(error.cause).toBeInstanceOf(Error)
  })

  it('names the options field when the factory throws, keeping the cause', async () => {
    const error = await loadError(new PluginLoader(), { module: fixture('factory-throws') })
    expect(error.message).toBe(
      `${fixture('factory-throws', 'index.js')}: options.projectDir: factory default(options) threw: Invalid input for factory-throws options: projectDir: expected string`,
    )
    expect(error.details).toMatchObject({ file: fixture('factory-throws', 'index.js'), field: 'options.projectDir', factory: 'default', plugin: 'factory-throws' })
    expect((error.cause as Error).message).toContain('projectDir')
    const loaded = await new PluginLoader().load({ module: fixture('factory-throws'), options: { projectDir: '/srv/bolt' } })
    expect(loaded.plugin.metadata.name).toBe('factory-throws')
  })

  it('rejects a plugin that provides a capability its manifest does not declare', async () => {
    const error = await loadError(new PluginLoader(), { module: fixture('undeclared-capability') })
    const file = fixture('undeclared-capability', 'plugin.json')
    expect(error.message).toBe(`${file}: capabilities: the plugin provides "info.facts", not declared here; add it to capabilities`)
    expect(error.details).toMatchObject({ file, field: 'capabilities', undeclared: ['info.facts'] })
  })

  it('rejects a plugin whose metadata.name differs from the manifest name', async () => {
    const { loader } = recordingLoader({ default: () => duckPlugin('other-name') })
    const error = await loadError(loader, { module: fixture('inventory-fake') })
    expect(error.details).toMatchObject({ file: fixture('inventory-fake', 'plugin.json'), field: 'name' })
    expect(error.message).toContain(`"inventory-fake" does not match the plugin's metadata.name "other-name"`)
  })

  it('rejects a factory result that is not a plugin, naming the export', async () => {
    const { loader } = recordingLoader({ inventoryFakePlugin: () => ({ metadata: { name: 'inventory-fake' } }) })
    const error = await loadError(loader, { module: fixture('inventory-fake') })
    expect(error.details).toMatchObject({ file: fixture('inventory-fake', 'index.js'), field: 'inventoryFakePlugin' })
    expect(error.message).toContain('factory returned an object, not a plugin')
  })

  it('rejects a package.json without capstan.plugin', async () => {
    const error = await loadError(new PluginLoader(), { module: fixture('not-a-plugin') })
    expect(error.details).toMatchObject({ file: fixture('not-a-plugin', 'package.json'), field: 'capstan.plugin' })
  })

  it('names package.json capstan.plugin when the manifest it points to is missing', async () => {
    const dir = await writePackage('missing-manifest', { 'package.json': { ...pluginPackage, capstan: { plugin: './nope.json' } } })
    const error = await loadError(new PluginLoader(), { module: dir })
    expect(error.details).toMatchObject({ file: join(dir, 'package.json'), field: 'capstan.plugin' })
    expect(error.message).toContain(join(dir, 'nope.json'))
  })

  it('names the manifest when it is not valid JSON', async () => {
    const dir = await writePackage('broken-json', { 'package.json': pluginPackage, 'plugin.json': '{ "name": ' })
    const error = await loadError(new PluginLoader(), { module: dir })
    expect(error.details).toMatchObject({ file: join(dir, 'plugin.json'), field: '(root)' })
    expect(error.message).toContain('not valid JSON')
  })

  it('names entry.module when it points to a file that does not exist', async () => {
    const dir = await writePackage('unbuilt', {
      'package.json': pluginPackage,
      'plugin.json': { ...goodManifest, entry: { module: './dist/index.js' } },
    })
    const error = await loadError(new PluginLoader(), { module: dir })
    expect(error.details).toMatchObject({ file: join(dir, 'plugin.json'), field: 'entry.module' })
    expect(error.message).toContain('does not exist (is the package built?)')
  })

  it('uses entry.module and entry.factory from the manifest', async () => {
    const dir = await writePackage('custom-entry', {
      'package.json': pluginPackage,
      'plugin.json': { ...goodManifest, name: 'custom-entry', entry: { module: './lib/main.js', factory: 'create' } },
      'lib/main.js': `export const otherPlugin = () => { throw new Error('not this one') }
export function create(options) {
  return {
    metadata: { name: 'custom-entry', version: '1.0.0', integrationTypes: ['inventory'] },
    options,
    initialize: async () => {}, healthCheck: async () => ({}), dispose: async () => {},
    capabilities: () => ({ 'inventory.list': async () => ({ nodes: [] }) }),
  }
}`,
    })
    const loaded = await new PluginLoader().load({ module: dir, options: { a: 1 } })
    expect((loaded.plugin as unknown as { options: unknown }).options).toEqual({ a: 1 })
  })

  it('names entry.factory when the manifest names an export that is not there', async () => {
    const dir = await writePackage('wrong-factory', {
      'package.json': pluginPackage,
      'plugin.json': { ...goodManifest, entry: { factory: 'missingPlugin' } },
      'index.js': 'export function inventoryFakePlugin() {}',
    })
    const error = await loadError(new PluginLoader(), { module: dir })
    expect(error.details).toMatchObject({ file: join(dir, 'plugin.json'), field: 'entry.factory' })
    expect(error.message).toContain('has no function export "missingPlugin" (function exports: inventoryFakePlugin)')
  })

  it('prefers the `export` option over the manifest and the default export', async () => {
    const { loader } = recordingLoader({ default: () => duckPlugin('wrong'), chosen: () => duckPlugin() })
    const loaded = await loader.load({ module: fixture('inventory-fake'), export: 'chosen' })
    expect(loaded.plugin.metadata.name).toBe('inventory-fake')
    const error = await loadError(loader, { module: fixture('inventory-fake'), export: 'absent' })
    expect(error.details).toMatchObject({ file: fixture('inventory-fake', 'index.js'), field: 'export' })
  })

  it('prefers a default export function over named ones', async () => {
    const { loader } = recordingLoader({ default: () => duckPlugin(), otherPlugin: () => duckPlugin('wrong') })
    expect((await loader.load({ module: fixture('inventory-fake') })).plugin.metadata.name).toBe('inventory-fake')
  })

  it('asks for entry.factory when several exports could be the factory, or none', async () => {
    const several = await loadError(recordingLoader({ aPlugin: () => duckPlugin(), bPlugin: () => duckPlugin() }).loader, { module: fixture('inventory-fake') })
    expect(several.details).toMatchObject({ file: fixture('inventory-fake', 'plugin.json'), field: 'entry.factory' })
    expect(several.message).toContain('several functions ending in "Plugin" (aPlugin, bPlugin)')
    const none = await loadError(recordingLoader({ helper: () => 1, VERSION: '1' }).loader, { module: fixture('inventory-fake') })
    expect(none.details.field).toBe('entry.factory')
    expect(none.message).toContain('no default export and no function export ending in "Plugin" (function exports: helper)')
  })

  it('constructs a class named explicitly instead of calling it', async () => {
    const loaded = await new PluginLoader().load({ module: fixture('inventory-fake'), export: 'InventoryFakePlugin', options: { x: 1 } })
    expect((loaded.plugin as unknown as { options: unknown }).options).toEqual({ x: 1 })
  })
})

describe('PluginLoader.scan', () => {
  it('loads the good packages and reports each bad one, in directory order', async () => {
    const { loaded, failed } = await new PluginLoader().scan(fixtures)
    expect(loaded.map((l) => l.manifest.name)).toEqual(['inventory-fake'])
    expect(failed.map((f) => basename(f.dir))).toEqual(['bad-manifest', 'factory-throws', 'undeclared-capability', 'unsupported-core'])
    expect(failed.map((f) => [f.error.code, f.error.details['field']])).toEqual([
      ['CONFIG_ERROR', 'capabilities[2]'],
      ['CONFIG_ERROR', 'options.projectDir'],
      ['CONFIG_ERROR', 'capabilities'],
      ['CONFIG_ERROR', 'core'],
    ])
    for (const { dir, error } of failed) expect(error.details['file']).toMatch(new RegExp(`^${dir}/`))
  })

  it('passes each plugin the options keyed by its name', async () => {
    const { loaded } = await new PluginLoader().scan(fixtures, { 'factory-throws': { projectDir: '/srv/bolt' } })
    expect(loaded.map((l) => l.manifest.name)).toEqual(['factory-throws', 'inventory-fake'])
  })

  it('keeps the first of two packages with the same plugin name', async () => {
    const dir = join(scratch, 'twins')
    await mkdir(dir)
    await symlink(fixture('inventory-fake'), join(dir, 'a'), 'dir')
    await symlink(fixture('inventory-fake'), join(dir, 'b'), 'dir')
    const { loaded, failed } = await new PluginLoader().scan(dir)
    expect(loaded.map((l) => l.packageDir)).toEqual([join(dir, 'a')])
    expect(failed).toHaveLength(1)
    expect(failed[0]?.error.details).toMatchObject({ field: 'name', plugin: 'inventory-fake' })
    expect(failed[0]?.error.message).toContain(`is already loaded from ${join(dir, 'a')}`)
  })

  it('throws a CONFIG_ERROR naming a directory that cannot be read', async () => {
    const error: unknown = await new PluginLoader().scan(join(scratch, 'absent')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CapstanError)
    expect((error as CapstanError).details).toMatchObject({ file: join(scratch, 'absent'), field: '(root)' })
  })
})
