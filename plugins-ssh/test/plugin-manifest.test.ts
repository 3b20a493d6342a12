// plugin.json and the plugin agree, loaded through the core's PluginLoader as
// a host loads the package; and bad options fail when the plugin is created.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { loadPluginPackage } from '@capstan/test-support/load-plugin-package'
import { SshPlugin, sshPlugin, type SshPluginOptions } from '../src/index.js'

const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url))
const valid: SshPluginOptions = { hosts: ['web1.example.com'], privateKey: 'unused until start' }

function configErrorOf(options: unknown): { field: unknown; message: string } {
  try {
    sshPlugin(options as SshPluginOptions)
  } catch (error) {
    if (isCapstanError(error) && error.code === 'CONFIG_ERROR') return { field: error.details['field'], message: error.message }
    throw error
  }
  throw new Error('expected a CONFIG_ERROR')
}

describe('plugin.json and the plugin', () => {
  it('loads through the manifest with the factory it names, and serves exactly what it declares', async () => {
    const { plugin, manifest, imported } = await loadPluginPackage(PACKAGE_DIR, valid)
    expect(imported).toHaveLength(1)
    expect(plugin).toBeInstanceOf(SshPlugin)
    expect(manifest).toMatchObject({ name: plugin.metadata.name, version: plugin.metadata.version, core: plugin.metadata.coreRange, entry: { factory: 'sshPlugin' } })
    expect(Object.keys(plugin.capabilities()).sort()).toEqual([...manifest.capabilities].sort())
    const onDisk = JSON.parse(readFileSync(`${PACKAGE_DIR}plugin.json`, 'utf8')) as { capabilities: string[] }
    expect(manifest.capabilities).toEqual(onDisk.capabilities)
    for (const id of Object.keys(manifest.cli?.hints ?? {})) expect(manifest.capabilities).toContain(id)
  })
})

describe('sshPlugin options', () => {
  it.each([
    [{ privateKey: 'k' }, 'hosts'],
    [{ ...valid, privateKeyPath: '/k' }, 'privateKeyPath'],
    [{ ...valid, hosts: ['web1:99999'] }, 'hosts[0]'],
    [{ ...valid, hosts: [{ name: 'a', port: '22' }] }, 'hosts[0].port'],
    [{ ...valid, pool: { maxPerHost: 0 } }, 'pool.maxPerHost'],
    [{ ...valid, connectTimeoutMs: -1 }, 'connectTimeoutMs'],
    [{ ...valid, strictHostKeyChecking: 'no' }, 'strictHostKeyChecking'],
    [{ ...valid, sudo: { pasword: 'x' } }, 'sudo.pasword'],
    [{ ...valid, knownhosts: '/x' }, 'knownhosts'],
  ])('%j is refused naming %s', (options, field) => {
    const { field: named, message } = configErrorOf(options)
    expect(named).toBe(field)
    expect(message).not.toContain('unused until start')
  })
})
