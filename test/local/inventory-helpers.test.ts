import { describe, expect, it } from 'vitest'
import { deepMerge } from '../../src/local/deep-merge.js'
import { findPluginReference } from '../../src/local/find-plugin-reference.js'
import { nodeTransportConfig } from '../../src/local/node-transport-config.js'
import { stripSecrets } from '../../src/inventory/strip-secrets.js'
import { emptyTargetData, mergeTargetData } from '../../src/local/target-data.js'
import { targetTransport } from 'capstan/plugin-kit'

describe('deepMerge', () => {
  it('merges mappings at every depth and lets lists and scalars replace', () => {
    expect(deepMerge({ ssh: { user: 'root', port: 22, opts: ['a'] }, keep: 1 }, { ssh: { port: 2222, opts: ['b'] }, add: true })).toEqual({
      ssh: { user: 'root', port: 2222, opts: ['b'] },
      keep: 1,
      add: true,
    })
  })

  it('keeps a __proto__ key as data instead of changing the prototype', () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>)
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(Object.keys(merged)).toEqual(['__proto__'])
  })
})

describe('mergeTargetData', () => {
  it("follows Bolt's data_merge: second wins for data, first for name and uri", () => {
    const first = emptyTargetData({ name: 'a', uri: 'one', aliases: ['x'], vars: { v: 1, h: { a: 1 } }, features: ['f1'], groups: ['outer'] })
    const second = emptyTargetData({ uri: 'two', aliases: ['y', 'x'], vars: { v: 2, h: { b: 2 } }, features: ['f2', 'f1'], groups: ['inner'] })
    expect(mergeTargetData(first, second)).toEqual({
      name: 'a',
      uri: 'one',
      aliases: ['x', 'y'],
      config: {},
      vars: { v: 2, h: { b: 2 } },
      facts: {},
      features: ['f1', 'f2'],
      groups: ['inner', 'outer'],
    })
  })

  it('returns the side that exists', () => {
    const data = emptyTargetData({ name: 'a' })
    expect(mergeTargetData(undefined, data)).toBe(data)
    expect(mergeTargetData(data, undefined)).toBe(data)
    expect(mergeTargetData(undefined, undefined)).toBeUndefined()
  })
})

describe('findPluginReference', () => {
  it('finds the first _plugin mapping, at any depth, in document order', () => {
    expect(findPluginReference({ groups: [{ name: 'a' }, { name: 'b', config: { ssh: { password: { _plugin: 'env_var', var: 'PW' } } } }] })).toEqual([
      'groups',
      1,
      'config',
      'ssh',
      'password',
    ])
    expect(findPluginReference({ _plugin: 'yaml' })).toEqual([])
    expect(findPluginReference({ vars: { plugin: 'not a reference' }, list: [1, null, 'x'] })).toBeUndefined()
  })
})

describe('targetTransport', () => {
  it('prefers the uri scheme, then config.transport, then ssh', () => {
    expect(targetTransport('winrm://host', 'ssh')).toBe('winrm')
    expect(targetTransport('WinRM://host', undefined)).toBe('winrm')
    expect(targetTransport('host:5985', 'winrm')).toBe('winrm')
    expect(targetTransport(undefined, undefined)).toBe('ssh')
    expect(targetTransport('user@host:22', undefined)).toBe('ssh')
  })

  it('takes a config transport only when it is a string, and a scheme only when it is one', () => {
    expect(targetTransport('host', 42)).toBe('ssh')
    expect(targetTransport('not_a_scheme://host', 'local')).toBe('local')
  })
})

describe('stripSecrets and nodeTransportConfig', () => {
  it('drops credentials at any depth and keeps paths to them', () => {
    expect(
      stripSecrets({
        user: 'root',
        password: 'x',
        'sudo-password': 'y',
        'private-key': { 'key-data': '-----BEGIN', path: '/k' },
        'token-file': '/etc/token',
        token: 't',
        'api-token': 'a',
        headers: { 'client-secret': 's', accept: 'json' },
      }),
    ).toEqual({ user: 'root', 'private-key': { path: '/k' }, 'token-file': '/etc/token', headers: { accept: 'json' } })
  })

  it("keeps only the transport in use and its own section, as bolt inventory show does", () => {
    const config = { transport: 'ssh', ssh: { user: 'root', password: 'x' }, local: { 'bundled-ruby': false } }
    expect(nodeTransportConfig(config, 'ssh')).toEqual({ transport: 'ssh', ssh: { user: 'root' } })
    expect(nodeTransportConfig(config, 'docker')).toEqual({ transport: 'docker' })
  })
})
