import { readFileSync } from 'node:fs'
import { mkdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { pluginManifests } from '../../../src/cli/config/index.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { configErrorOf, writeTree } from './config-fixtures.js'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const boltDir = join(repo, 'plugins-bolt')
const sshDir = join(repo, 'plugins-ssh')
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>

/** Set by the entry module of a trap package: proof that its code ran. */
const IMPORTED = '__capstanConfigTestImported'
const trapEntry = `globalThis.${IMPORTED} = (globalThis.${IMPORTED} ?? 0) + 1\nthrow new Error('plugin code was imported')\n`

/** A package with bolt's package.json and plugin.json whose code records and fails any import. */
async function trappedBolt(root: string, dir: string): Promise<string> {
  const packageDir = join(root, dir)
  await writeTree(packageDir, {
    'package.json': readJson(join(boltDir, 'package.json')),
    'plugin.json': readJson(join(boltDir, 'plugin.json')),
    'dist/index.js': trapEntry,
    'dist/index.cjs': trapEntry,
  })
  return packageDir
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[IMPORTED]
})

describe('pluginManifests', () => {
  it("reads plugins-bolt's and plugins-ssh's plugin.json, in configuration order", async () => {
    const manifests = await pluginManifests({ plugins: [sshDir, { module: boltDir, options: { projectDir: '/nowhere' } }] }, repo)
    expect(manifests.map((m) => [m.module, m.manifest.name, m.manifestFile, m.packageDir])).toEqual([
      [sshDir, 'ssh', join(sshDir, 'plugin.json'), sshDir],
      [boltDir, 'bolt', join(boltDir, 'plugin.json'), boltDir],
    ])
    expect(manifests[0]?.manifest.capabilities).toEqual(readJson(join(sshDir, 'plugin.json'))['capabilities'])
    expect(manifests[1]?.manifest.capabilities).toContain('task.execute')
    expect(manifests[1]?.manifest.cli?.hints?.['command.execute']?.examples?.[0]).toContain('capstan command execute')
  })

  it('resolves ./ specifiers against the configuration directory, not the working directory', async () => {
    const root = scratchDir('capstan-manifests-')
    await trappedBolt(root, 'ops/plugins/bolt')
    const manifests = await pluginManifests({ plugins: ['./plugins/bolt'] }, join(root, 'ops'))
    expect(manifests[0]).toMatchObject({ module: './plugins/bolt', packageDir: join(root, 'ops', 'plugins', 'bolt') })
    expect(process.cwd()).not.toBe(join(root, 'ops'))
  })

  it('never imports the plugin code, by path or by package name', async () => {
    const root = scratchDir('capstan-manifests-')
    await trappedBolt(root, 'local-bolt')
    await trappedBolt(root, 'app/node_modules/@acme/bolt')
    // The import-time trap works: importing the entry does run and throw.
    await expect(import(join(root, 'local-bolt', 'dist', 'index.js'))).rejects.toThrow('plugin code was imported')
    delete (globalThis as Record<string, unknown>)[IMPORTED]

    const manifests = await pluginManifests({ plugins: ['../local-bolt', '@acme/bolt'] }, join(root, 'app'))
    expect(manifests.map((m) => m.manifest.name)).toEqual(['bolt', 'bolt'])
    expect(manifests[1]?.packageDir).toBe(join(root, 'app', 'node_modules', '@acme', 'bolt'))
    expect((globalThis as Record<string, unknown>)[IMPORTED]).toBeUndefined()
  })

  it('finds a package name through a symlinked node_modules entry in a parent directory', async () => {
    const root = scratchDir('capstan-manifests-')
    await mkdir(join(root, 'node_modules', '@capstan'), { recursive: true })
    await symlink(sshDir, join(root, 'node_modules', '@capstan', 'plugin-ssh'), 'dir')
    await mkdir(join(root, 'deep', 'er'), { recursive: true })
    const [ssh] = await pluginManifests({ plugins: ['@capstan/plugin-ssh'] }, join(root, 'deep', 'er'))
    expect(ssh?.manifest.name).toBe('ssh')
  })

  it('returns nothing for a configuration without plugins', async () => {
    expect(await pluginManifests({ local: false }, repo)).toEqual([])
  })

  it('names the entry and module of a package that is not installed', async () => {
    const root = scratchDir('capstan-manifests-')
    const error = await configErrorOf(pluginManifests({ plugins: [boltDir, '@acme/not-installed'] }, root))
    expect(error.details).toMatchObject({ field: 'plugins[1]', module: '@acme/not-installed' })
    expect(error.message).toMatch(/^plugins\[1\] \(@acme\/not-installed\): /)
  })

  it('names the entry and the manifest field of an invalid plugin.json', async () => {
    const root = scratchDir('capstan-manifests-')
    await writeTree(root, {
      'bad/package.json': { name: 'bad', type: 'module', capstan: { plugin: './plugin.json' } },
      'bad/plugin.json': { name: 'bad', version: '1.0.0', core: '^0.1.0', capabilities: ['inventry.list'] },
    })
    const error = await configErrorOf(pluginManifests({ plugins: [{ module: './bad' }] }, root))
    expect(error.details).toMatchObject({ field: 'plugins[0]', module: './bad', file: join(root, 'bad', 'plugin.json'), fileField: 'capabilities[0]' })
    expect(error.message).toContain('did you mean "inventory.list"')
  })

  it('names the entry when the package has no capstan.plugin field', async () => {
    const root = scratchDir('capstan-manifests-')
    await writeTree(root, { 'plain/package.json': { name: 'plain' } })
    const error = await configErrorOf(pluginManifests({ plugins: ['./plain'] }, root))
    expect(error.details).toMatchObject({ field: 'plugins[0]', fileField: 'capstan.plugin', file: join(root, 'plain', 'package.json') })
  })
})
