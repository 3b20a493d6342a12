import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { Capstan } from '../../../src/capstan.js'
import { createCapstanFromConfig } from '../../../src/cli/config/create-capstan-from-config.js'
import { readConfig } from '../../../src/cli/config/index.js'
import { rejection } from '@capstan/test-support/async'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { configErrorOf, writeTree } from './config-fixtures.js'

/** A plugin package built on the core's BasePlugin: `inventory.list` returns the node named in its options. */
const greeterPackage = {
  'package.json': { name: 'greeter-plugin', version: '1.0.0', type: 'module', exports: { '.': './index.js' }, capstan: { plugin: './plugin.json' } },
  'plugin.json': { name: 'greeter', version: '1.0.0', core: '^0.1.0', capabilities: ['inventory.list', 'reports.query'], entry: { factory: 'greeterPlugin' } },
  'index.js': `import { BasePlugin } from 'capstan'

class GreeterPlugin extends BasePlugin {
  metadata = { name: 'greeter', version: '1.0.0', integrationTypes: ['inventory', 'reports'] }
  constructor(options) {
    super()
    this.node = options.node
  }
  async performInitialization() {}
  capabilities() {
    return {
      'inventory.list': async () => ({ nodes: [{ id: this.node, name: this.node }] }),
      'reports.query': async () => ({ reports: [] }),
    }
  }
}

export function greeterPlugin(options) {
  return new GreeterPlugin(options)
}
`,
}

async function open(config: Parameters<typeof createCapstanFromConfig>[0], configDir: string, cwd?: string): Promise<Capstan> {
  const capstan = await createCapstanFromConfig(config, configDir, cwd)
  onTestFinished(() => capstan.close())
  return capstan
}

const providersOf = (capstan: Capstan, id: string) => capstan.capabilities().find((c) => c.id === id)?.providers ?? []

describe('createCapstanFromConfig', () => {
  it('serves localhost from the local plugin when there is no configuration', async () => {
    const capstan = await open(undefined, scratchDir('capstan-create-'))
    expect(capstan.plugins().map((p) => p.name)).toEqual(['local'])
    const { nodes } = await capstan.inventory.list()
    expect(nodes.map((n) => n.id)).toContain('localhost')
  })

  it('loads a configured plugin package relative to the configuration file and routes its capabilities', async () => {
    const root = scratchDir('capstan-create-')
    await writeTree(join(root, 'ops', 'plugins', 'greeter'), greeterPackage)
    await writeTree(root, {
      'ops/capstan.config.yaml': ['plugins:', '  - module: ./plugins/greeter', '    options: { node: web01.example.com }', '    priority: 7', 'host:', '  concurrency: 3', ''].join('\n'),
    })
    const capstan = await open(await readConfig(join(root, 'ops', 'capstan.config.yaml')), join(root, 'ops'))

    expect(capstan.plugins().map((p) => p.name).sort()).toEqual(['greeter', 'local'])
    expect(providersOf(capstan, 'reports.query')).toEqual([{ plugin: 'greeter', priority: 7 }])
    expect(providersOf(capstan, 'inventory.list').map((p) => p.plugin).sort()).toEqual(['greeter', 'local'])
    const ids = (await capstan.inventory.list()).nodes.map((n) => n.id)
    expect(ids).toEqual(expect.arrayContaining(['web01.example.com', 'localhost']))
  })

  it('finds a package name in the node_modules of the entry\'s `from`, relative to the configuration file', async () => {
    const root = scratchDir('capstan-create-')
    // A fixture that imports nothing: code under node_modules is loaded by Node itself, where `capstan` is not installed.
    cpSync(fileURLToPath(new URL('../../fixtures/plugins/inventory-fake', import.meta.url)), join(root, 'vendor', 'node_modules', 'capstan-fixture-inventory-fake'), { recursive: true })
    await writeTree(root, { 'ops/capstan.config.yaml': ['plugins:', '  - module: capstan-fixture-inventory-fake', '    from: ../vendor', 'local: false', ''].join('\n') })
    const config = await readConfig(join(root, 'ops', 'capstan.config.yaml'))
    const capstan = await open(config, join(root, 'ops'))
    expect((await capstan.inventory.list()).nodes.map((n) => n.id)).toEqual(['db01.example.com', 'web01.example.com'])
    const error = await configErrorOf(createCapstanFromConfig({ plugins: ['capstan-fixture-inventory-fake'], local: false }, join(root, 'ops')))
    expect(error.message).toContain(`cannot find the package from ${join(root, 'ops')}: install it there, or set \`from\``)
  })

  it('resolves a relative module from the entry\'s `from`', async () => {
    const root = scratchDir('capstan-create-')
    await writeTree(join(root, 'vendor', 'greeter'), greeterPackage)
    const capstan = await open({ plugins: [{ module: './greeter', from: 'vendor', options: { node: 'db01.example.com' } }], local: false }, root)
    expect((await capstan.inventory.list()).nodes.map((n) => n.id)).toEqual(['db01.example.com'])
  })

  it('leaves the local plugin out with local: false', async () => {
    const root = scratchDir('capstan-create-')
    await writeTree(join(root, 'greeter'), greeterPackage)
    const capstan = await open({ plugins: [{ module: './greeter', options: { node: 'db01' } }], local: false }, root)
    expect(capstan.plugins().map((p) => p.name)).toEqual(['greeter'])
    expect((await capstan.inventory.list()).nodes.map((n) => n.id)).toEqual(['db01'])
  })

  it("reads the local plugin's inventory file relative to the configuration directory", async () => {
    const root = scratchDir('capstan-create-')
    await writeTree(root, { 'inventory.yaml': ['targets:', '  - uri: app01.example.com', ''].join('\n') })
    const capstan = await open({ local: { inventoryFile: './inventory.yaml', localhost: false } }, root)
    expect((await capstan.inventory.list()).nodes.map((n) => n.id)).toEqual(['app01.example.com'])
  })

  it('names the entry and module of a plugin that cannot be loaded', async () => {
    const root = scratchDir('capstan-create-')
    await writeTree(join(root, 'greeter'), greeterPackage)
    await writeTree(root, { 'broken/package.json': { name: 'broken', type: 'module' } })
    const error = await configErrorOf(createCapstanFromConfig({ plugins: [{ module: './greeter', options: { node: 'x' } }, './broken'] }, root))
    expect(error.details).toMatchObject({ field: 'plugins[1]', module: './broken', fileField: 'capstan.plugin' })
    expect(error.message).toMatch(/^plugins\[1\] \(\.\/broken\): /)
  })

  it('confines scripts to host.scripts.roots, relative to the configuration file, and takes a relative --script from the working directory', async () => {
    const root = scratchDir('capstan-create-')
    await writeTree(root, {
      'ops/capstan.config.yaml': ['host:', '  scripts: { roots: [./scripts] }', ''].join('\n'),
      'ops/scripts/hello.sh': 'echo hello from the root\n',
      'ops/other.sh': 'echo outside\n',
    })
    const capstan = await createCapstanFromConfig(await readConfig(join(root, 'ops', 'capstan.config.yaml')), join(root, 'ops'), join(root, 'ops'))
    onTestFinished(() => capstan.close())
    const ran = await capstan.script.run({ targets: 'localhost', script: 'scripts/hello.sh' })
    expect(ran.nodes.map((n) => [n.status, n.stdout])).toEqual([['success', 'hello from the root\n']])
    const error = await rejection(capstan.script.run({ targets: 'localhost', script: 'other.sh' }), 'VALIDATION_ERROR')
    expect(error.details.issues).toEqual([{ path: 'script', message: expect.stringMatching(/^"other.sh" is not a readable regular file .* \(scripts\.roots\)$/) }])
  })

  it('without a configuration, runs any script, a relative one from the working directory', async () => {
    const cwd = scratchDir('capstan-create-')
    await writeTree(cwd, { 'here.sh': 'echo here\n' })
    const capstan = await open(undefined, scratchDir('capstan-create-'), cwd)
    const ran = await capstan.script.run({ targets: 'localhost', script: 'here.sh' })
    expect(ran.nodes.map((n) => [n.status, n.stdout])).toEqual([['success', 'here\n']])
  })

  it('passes host options through to createCapstan, which rejects bad ones', async () => {
    const error = await configErrorOf(createCapstanFromConfig({ local: false, host: { concurrency: -1 } }, scratchDir('capstan-create-')))
    expect(error.message).toContain('concurrency')
  })
})
