// boltPlugin's options, its initialisation against the (fake) bolt executable and
// the project directory, its health, and loading it through PluginLoader.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CapstanError, isCapstanError } from 'capstan'
import { boltPlugin } from '../src/index.js'
import {
  FAKE_BOLT,
  PACKAGE_DIR,
  PROJECT_DIR,
  SOURCE_ENTRY,
  boltCapstanDirect,
  fakeBoltOptions,
  loadBoltPlugin,
  newLogFile,
  readLog,
} from './integration/support.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bolt-plugin-test-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function thrown(fn: () => unknown): CapstanError {
  try {
    fn()
  } catch (error) {
    if (isCapstanError(error)) return error
    throw error
  }
  throw new Error('expected a CapstanError, nothing was thrown')
}

describe('boltPlugin options', () => {
  it('refuses a misspelt option with a CONFIG_ERROR naming it', () => {
    // `batchsize` for `batchSize`: a strict schema, so the typo is not silently ignored.
    const error = thrown(() => boltPlugin({ projectDir: PROJECT_DIR, batchsize: 10 } as never))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.message).toContain('batchsize')
    expect(error.message).toContain('boltPlugin options')
  })

  it('refuses a missing projectDir with a CONFIG_ERROR naming it', () => {
    const error = thrown(() => boltPlugin({} as never))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.message).toContain('projectDir')
  })

  it('refuses a bad value with the option\'s name (batchSize 0)', () => {
    const error = thrown(() => boltPlugin({ projectDir: PROJECT_DIR, batchSize: 0 }))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.message).toContain('batchSize')
  })

  it('takes the documented defaults: name bolt, batch size 50', () => {
    const plugin = boltPlugin({ projectDir: PROJECT_DIR })
    expect(plugin.metadata.name).toBe('bolt')
    expect(plugin.metadata.batchSize).toBe(50)
    expect(boltPlugin({ projectDir: PROJECT_DIR, batchSize: 7, name: 'bolt-two' }).metadata).toMatchObject({ name: 'bolt-two', batchSize: 7 })
  })
})

describe('boltPlugin initialisation', () => {
  it('fails with a CONFIG_ERROR naming bolt-project.yaml when projectDir is no Bolt project', async () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'not-a-project-'))
    const log = newLogFile()
    await using capstan = await boltCapstanDirect(fakeBoltOptions(log, { projectDir: empty }))
    const [info] = capstan.plugins()
    expect(info?.state).toBe('failed')
    expect(info?.error?.code).toBe('CONFIG_ERROR')
    expect(info?.error?.message).toContain(path.join(empty, 'bolt-project.yaml'))
    expect(info?.error?.message).toContain('bolt project init')
    const health = await capstan.health()
    expect(health.plugins['bolt']?.status).toBe('unhealthy')
    // A call names the plugin and its cause, and bolt never ran: the project is checked first.
    await expect(capstan.invoke('inventory.list', { refresh: false })).rejects.toMatchObject({
      code: 'PLUGIN_UNAVAILABLE',
      message: expect.stringContaining('bolt-project.yaml'),
    })
    expect(readLog(log)).toEqual([])
  })

  it('fails saying to install Bolt or set boltPath when the executable does not exist', async () => {
    const missing = path.join(tmp, 'no-such-dir', 'bolt')
    await using capstan = await boltCapstanDirect({ projectDir: PROJECT_DIR, boltPath: missing })
    const [info] = capstan.plugins()
    expect(info?.state).toBe('failed')
    expect(info?.error?.code).toBe('CONFIG_ERROR')
    expect(info?.error?.message).toMatch(/Install Puppet Bolt or set the plugin's boltPath option/)
    expect(info?.error?.message).toContain('bolt --version')
  })

  it('fails with a CONFIG_ERROR quoting bolt when `bolt --version` exits non-zero', async () => {
    // A "bolt" that is something else: a script that exits 3 with a message.
    const impostor = path.join(tmp, 'impostor-bolt')
    fs.writeFileSync(impostor, '#!/bin/sh\necho "not bolt at all" >&2\nexit 3\n', { mode: 0o755 })
    await using capstan = await boltCapstanDirect({ projectDir: PROJECT_DIR, boltPath: impostor })
    const [info] = capstan.plugins()
    expect(info?.state).toBe('failed')
    expect(info?.error?.code).toBe('CONFIG_ERROR')
    expect(info?.error?.message).toContain('--version failed')
    expect(info?.error?.message).toContain('not bolt at all')
  })

  it('is ready and healthy with Bolt\'s version and the number of targets', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstanDirect(fakeBoltOptions(log))
    expect(capstan.plugins()[0]?.state).toBe('ready')
    const health = await capstan.health({ refresh: true })
    expect(health.status).toBe('healthy')
    expect(health.plugins['bolt']).toMatchObject({
      status: 'healthy',
      message: 'Bolt 3.30.0, 5 targets',
      details: { bolt: '3.30.0', targets: 5, projectDir: PROJECT_DIR },
    })
    // Initialisation ran `bolt --version`, with the project as working directory.
    const version = readLog(log).find((entry) => entry.case === '--version')
    expect(version?.argv).toEqual(['--version'])
    expect(version?.cwd).toBe(PROJECT_DIR)
  })

  it('is degraded, not unhealthy, when Bolt runs but its inventory output cannot be read', async () => {
    // A samples directory with no recordings: `--version` still answers, `inventory show` gets no JSON.
    const samples = fs.mkdtempSync(path.join(tmp, 'no-samples-'))
    fs.writeFileSync(path.join(samples, 'README.md'), '# no recordings\n')
    await using capstan = await boltCapstanDirect(fakeBoltOptions(newLogFile(), { fakeEnv: { FAKE_BOLT_SAMPLES: samples } }))
    const health = await capstan.health({ refresh: true })
    const bolt = health.plugins['bolt']
    expect(bolt?.status).toBe('degraded')
    expect(bolt?.message).toMatch(/^Bolt 3\.30\.0 runs, but the inventory does not parse: /)
    expect(bolt?.failingCapabilities).toEqual(expect.arrayContaining(['inventory.list', 'inventory.groups']))
  })
})

describe('loading through PluginLoader', () => {
  it('checks plugin.json and creates the plugin with its factory boltPlugin', async () => {
    const loaded = await loadBoltPlugin(fakeBoltOptions(newLogFile()))
    expect(loaded.manifestFile).toBe(path.join(PACKAGE_DIR, 'plugin.json'))
    expect(path.resolve(loaded.packageDir)).toBe(path.resolve(PACKAGE_DIR))
    expect(loaded.manifest).toMatchObject({ name: 'bolt', entry: { factory: 'boltPlugin' } })
    expect(loaded.manifest.permissions).toMatchObject({
      viewer: expect.arrayContaining(['inventory.*', 'info.*']),
      operator: expect.arrayContaining(['command.execute', 'script.execute', 'task.execute']),
    })
    expect(loaded.imported).toEqual([`file://${SOURCE_ENTRY}`])
    expect(loaded.plugin.metadata.name).toBe('bolt')
    // Every capability the plugin provides is declared (the loader checks it too).
    expect(loaded.manifest.capabilities).toEqual(expect.arrayContaining(Object.keys(loaded.plugin.capabilities())))
  })

  it('reports a misspelt option as a CONFIG_ERROR from the factory, naming it', async () => {
    const error = await loadBoltPlugin({ projectDir: PROJECT_DIR, boltPath: FAKE_BOLT, timeoutMS: 5 } as never).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
    expect((error as CapstanError).message).toContain('factory boltPlugin(options) threw')
    expect((error as CapstanError).message).toContain('timeoutMS')
  })
})
