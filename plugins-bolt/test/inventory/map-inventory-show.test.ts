import { isCapstanError, type SourceNode } from 'capstan'
import { linkNodes } from 'capstan/plugin-kit'
import { describe, expect, it } from 'vitest'
import { mapInventoryShow } from '../../src/inventory/index.js'
import { catchError } from '@capstan/test-support/catch-error'
import { sampleJson } from '../support/samples.js'

// Real Bolt 3.30 output, recorded in plugins-bolt/test/fixtures/samples.

// What Bolt printed for every ssh target of the project, defaults filled in.
const sshConfig = (connectTimeout: number, port: number) => ({
  transport: 'ssh',
  ssh: {
    'batch-mode': true,
    cleanup: true,
    'connect-timeout': connectTimeout,
    'disconnect-timeout': 5,
    'load-config': true,
    'login-shell': 'bash',
    tty: false,
    'host-key-check': false,
    port,
    'private-key': '/home/ops/.ssh/id_ed25519',
    user: 'root',
  },
})
const localConfig = { transport: 'local', local: { 'bundled-ruby': false, cleanup: true } }

const ssh1: SourceNode = {
  id: 'ssh1',
  name: 'ssh1',
  uri: '127.0.0.1',
  aliases: ['first'],
  transport: 'ssh',
  groups: ['sshnodes'],
  config: sshConfig(10, 2222),
  vars: { env: 'test', tier: 'backend', role: 'web' },
  facts: { group_fact: 'from_sshnodes', datacenter: 'dc1' },
}
const ssh2: SourceNode = {
  id: 'ssh2',
  name: 'ssh2',
  uri: '127.0.0.1',
  aliases: [],
  transport: 'ssh',
  groups: ['sshnodes'],
  config: sshConfig(10, 2222),
  vars: { env: 'test', tier: 'backend', role: 'db' },
  facts: { group_fact: 'from_sshnodes' },
}
const deadhost: SourceNode = {
  id: 'deadhost',
  name: 'deadhost',
  uri: '127.0.0.1:2299',
  aliases: [],
  transport: 'ssh',
  groups: ['unreachable'],
  config: sshConfig(2, 2299),
  vars: { env: 'test' },
  facts: {},
}
const local = (name: string, uri: string): SourceNode => ({
  id: name,
  name,
  uri,
  aliases: [],
  transport: 'local',
  groups: ['locals'],
  config: localConfig,
  vars: { env: 'test' },
  facts: {},
})
const local1 = local('local1', 'local://one')
const local2 = local('local2', 'local://two')

describe('mapInventoryShow', () => {
  it('maps every target of `bolt inventory show --detail` as Bolt shows it (groups without the implicit all)', () => {
    expect(mapInventoryShow(sampleJson('inventory_show_detail.out'), 'bolt')).toEqual([ssh1, ssh2, deadhost, local1, local2])
  })

  it('maps the targets of a filtered show (-t sshnodes,local1) the same way', () => {
    expect(mapInventoryShow(sampleJson('inventory_show_targets.out'), 'bolt')).toEqual([ssh1, ssh2, local1])
  })

  it('maps ad-hoc URIs with the transport of their scheme and no group', () => {
    const nodes = mapInventoryShow(sampleJson('inventory_show_adhoc.out'), 'bolt')
    expect(nodes.map((node) => [node.id, node.uri, node.transport, node.groups])).toEqual([
      ['local1', 'local://one', 'local', ['locals']],
      ['ssh://root@127.0.0.1:2222', 'ssh://root@127.0.0.1:2222', 'ssh', []],
      ['winrm://winhost', 'winrm://winhost', 'winrm', []],
    ])
    expect(nodes[2]).toEqual({
      id: 'winrm://winhost',
      name: 'winrm://winhost',
      uri: 'winrm://winhost',
      aliases: [],
      transport: 'winrm',
      groups: [],
      config: {
        transport: 'winrm',
        winrm: { 'basic-auth-only': false, cleanup: true, 'connect-timeout': 10, ssl: true, 'ssl-verify': true, 'file-protocol': 'winrm' },
      },
      vars: { env: 'test' },
      facts: {},
    })
  })

  it('maps the names of a plain `bolt inventory show` (no --detail)', () => {
    expect(mapInventoryShow(sampleJson('inventory_show.out'), 'bolt')).toEqual(
      ['ssh1', 'ssh2', 'deadhost', 'local1', 'local2'].map((name) => ({ id: name, name })),
    )
  })

  it('gives a plain ad-hoc URI its uri and transport, without the password', () => {
    const json = { targets: ['local1', 'winrm://admin:hunter2@win01:5986'], adhoc: { targets: ['winrm://admin:hunter2@win01:5986'] } }
    expect(mapInventoryShow(json, 'bolt')).toEqual([
      { id: 'local1', name: 'local1' },
      { id: 'winrm://admin@win01:5986', name: 'winrm://admin@win01:5986', uri: 'winrm://admin@win01:5986', transport: 'winrm' },
    ])
  })

  it('keeps no credential: passwords, inline keys and tokens go, key and token paths stay', () => {
    const json = sampleJson('inventory_show_detail.out') as { targets: Array<Record<string, unknown>> }
    const target = structuredClone(json.targets[0]!)
    target['name'] = 'ssh://root:hunter2@web01.example.com:2222'
    target['uri'] = 'ssh://root:hunter2@web01.example.com:2222'
    target['config'] = {
      transport: 'ssh',
      ssh: {
        user: 'root',
        password: 'hunter2',
        'sudo-password': 'hunter3',
        'private-key': { 'key-data': '-----BEGIN OPENSSH PRIVATE KEY-----' },
        'token-file': '/etc/bolt/token',
        token: 'abc',
        'api-token': 'def',
      },
    }
    const [node] = mapInventoryShow({ targets: [target] }, 'bolt')
    expect(node?.config).toEqual({ transport: 'ssh', ssh: { user: 'root', 'private-key': {}, 'token-file': '/etc/bolt/token' } })
    expect(node).toMatchObject({ id: 'ssh://root@web01.example.com:2222', uri: 'ssh://root@web01.example.com:2222' })
    expect(JSON.stringify(node)).not.toMatch(/hunter|abc|def|BEGIN/)
  })

  it('leaves out the uri of a target that has none and takes the transport from config', () => {
    const [node] = mapInventoryShow({ targets: [{ name: 'web01', uri: null, alias: [], config: { transport: 'winrm' }, vars: {}, facts: {}, groups: ['all'] }] }, 'bolt')
    expect(node).toEqual({ id: 'web01', name: 'web01', aliases: [], transport: 'winrm', groups: [], config: { transport: 'winrm' }, vars: {}, facts: {} })
  })

  it('ignores fields it does not use', () => {
    const [node] = mapInventoryShow({ targets: [{ name: 'web01', somethingNew: { a: 1 } }], count: 1, extra: true }, 'bolt')
    expect(node).toEqual({ id: 'web01', name: 'web01', aliases: [], transport: 'ssh', groups: [], config: {}, vars: {}, facts: {} })
  })

  it('names the command and the field when the output is not what Bolt prints', () => {
    const json = sampleJson('inventory_show_detail.out') as { targets: Array<Record<string, unknown>> }
    json.targets[1]!['alias'] = 'first'
    const error = catchError(() => mapInventoryShow(json, 'bolt'))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect(error).toMatchObject({
      message: expect.stringContaining('bolt inventory show --format json --detail'),
      details: { command: 'bolt inventory show --format json --detail', field: 'targets[1].alias', plugin: 'bolt' },
    })
    expect((error as Error).message).toContain('targets[1].alias')

    expect(catchError(() => mapInventoryShow({ targets: ['ok', 42] }, 'bolt'))).toMatchObject({ code: 'PLUGIN_ERROR', details: { field: 'targets[1]' } })
    expect(catchError(() => mapInventoryShow({ count: 0 }, 'bolt'))).toMatchObject({ code: 'PLUGIN_ERROR', details: { field: 'targets' } })
    expect(catchError(() => mapInventoryShow('not json', 'bolt'))).toMatchObject({ code: 'PLUGIN_ERROR', details: { field: '(root)' } })
  })

  it("fails with Bolt's own message when Bolt reports an error", () => {
    const error = catchError(() => mapInventoryShow({ _error: { kind: 'bolt/inventory-error', msg: 'Could not parse inventory', details: {} } }, 'bolt'))
    expect(error).toMatchObject({ code: 'PLUGIN_ERROR', details: { reason: 'bolt/inventory-error', plugin: 'bolt' } })
    expect((error as Error).message).toContain('Could not parse inventory')
  })
})

describe('mapped Bolt targets in the core linking', () => {
  const records = () => mapInventoryShow(sampleJson('inventory_show_detail.out'), 'bolt').map((node) => ({ source: 'bolt', node }))

  it('keeps ssh1 and ssh2 apart although both are 127.0.0.1, with `first` an alias of ssh1', () => {
    const nodes = linkNodes(records())
    expect(nodes.map((node) => node.id)).toEqual(['deadhost', 'local1', 'local2', 'ssh1', 'ssh2'])
    const [linkedSsh1] = nodes.filter((node) => node.id === 'ssh1')
    expect(linkedSsh1?.aliases).toContain('first')
    expect(linkedSsh1?.groups).toEqual(['sshnodes'])
    expect(nodes.find((node) => node.id === 'ssh2')?.aliases).not.toContain('first')
  })

  it('does not merge them through another source that knows 127.0.0.1', () => {
    const nodes = linkNodes([...records(), { source: 'other', node: { id: '127.0.0.1' } }])
    expect(nodes.map((node) => node.id)).toEqual(['127.0.0.1', 'deadhost', 'local1', 'local2', 'ssh1', 'ssh2'])
  })

  it('links ssh1 with another source that calls it `first`', () => {
    const nodes = linkNodes([...records(), { source: 'other', node: { id: 'first', vars: { owner: 'ops' } } }])
    expect(nodes).toHaveLength(5)
    // Both names are short, so the core picks the smaller as the canonical id.
    expect(nodes.find((node) => node.id === 'first')).toMatchObject({ aliases: ['ssh1'], sources: ['bolt', 'other'], vars: { role: 'web', owner: 'ops' } })
  })
})
