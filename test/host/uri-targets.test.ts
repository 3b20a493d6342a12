// Issue 16 part 3: uri targets (ssh://user@host:port, local://name, user@host) that no
// inventory knows become transient nodes for the plugin that declares their transport,
// under RBAC like any node, recorded in the journal under their uri, never listed.
import type { CapabilityHandlers, ExecutionEvent, Node, Policy, Principal } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { localPlugin } from '../../src/local/local-plugin.js'
import { executionPlugin } from '../support/execution-plugin.js'

/** A runner that records every node object it is given and finishes each with success. */
function runner(name: string, transports?: string[]) {
  const seen: Node[] = []
  const handlers = {
    'command.execute': async function* (batch: { nodes: readonly Node[] }) {
      for (const node of batch.nodes) {
        seen.push(node)
        yield { type: 'node:output' as const, node: node.id, stream: 'stdout' as const, chunk: `ran on ${node.id}\n` }
        yield { type: 'node:finished' as const, node: node.id, status: 'success' as const, exitCode: 0 }
      }
    },
  } as CapabilityHandlers
  return { plugin: executionPlugin({ name, capabilities: handlers, ...(transports === undefined ? {} : { transports }) }), seen }
}

const inventory = testPlugin({
  name: 'cmdb',
  capabilities: {
    'inventory.list': async () => ({
      nodes: [
        { id: 'web01.example.com', uri: 'ssh://deploy@10.0.0.5:22', transport: 'ssh', groups: ['web'] },
        { id: 'db01.example.com', uri: 'ssh://10.0.0.7', transport: 'ssh', groups: ['db'] },
      ],
    }),
  },
})

const policy: Policy = {
  roles: {
    'web-operator': { allow: [{ capability: 'command.execute', nodes: ['group:web'] }] },
    'lab-operator': { allow: [{ capability: 'command.execute', nodes: ['ssh://*@10.0.9.*'] }] },
    operator: { allow: ['*'], deny: [{ capability: 'command.execute', nodes: ['db*'] }] },
  },
}
const webop: Principal = { id: 'webop', roles: ['web-operator'] }
const labop: Principal = { id: 'labop', roles: ['lab-operator'] }
const ops: Principal = { id: 'ops', roles: ['operator'] }

describe('uri targets', () => {
  const ssh = runner('sshrunner', ['ssh'])
  const any = runner('anyrunner')
  const local = runner('localrunner', ['local'])
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    // The runner that runs any transport comes first: it must still never get a uri it did not declare.
    capstan = await createTestCapstan({
      plugins: [{ plugin: any.plugin, priority: 10 }, { plugin: ssh.plugin }, { plugin: local.plugin }, { plugin: inventory }],
      policy,
    })
  })
  afterAll(() => capstan.close())
  beforeEach(() => {
    for (const r of [ssh, any, local]) r.seen.length = 0
  })

  it('runs a uri no inventory knows on the plugin that declares its transport, as a transient node named by the uri', async () => {
    const run = await capstan.invoke('command.execute', { targets: 'ssh://Fan.User@10.0.9.5:2222', command: 'true' }, { principal: ops })
    const events: ExecutionEvent[] = []
    for await (const event of run) events.push(event)
    const result = await run.result
    expect(result.status).toBe('success')
    expect(result.plugins).toEqual(['sshrunner'])
    expect(result.nodes.map((n) => [n.node, n.status])).toEqual([['ssh://Fan.User@10.0.9.5:2222', 'success']])
    expect(events.find((e) => e.type === 'started')).toMatchObject({ nodes: ['ssh://Fan.User@10.0.9.5:2222'] })
    expect(ssh.seen).toEqual([
      {
        id: 'ssh://Fan.User@10.0.9.5:2222',
        name: 'ssh://Fan.User@10.0.9.5:2222',
        uri: 'ssh://Fan.User@10.0.9.5:2222',
        aliases: [],
        transport: 'ssh',
        groups: [],
        sources: ['sshrunner'],
        config: { hostname: '10.0.9.5', port: 2222, user: 'Fan.User' },
        sourceData: {},
        adHoc: true,
      },
    ])
    expect(any.seen).toEqual([])
  })

  it('reads user@host:port as ssh, and mixes uri targets with inventory names in one call', async () => {
    const result = await capstan.command.run({ targets: ['deploy@10.0.9.6:2200', 'web01.example.com', 'local://build'], command: 'true' }, { principal: ops })
    expect(result.nodes.map((n) => n.node).sort()).toEqual(['local://build', 'ssh://deploy@10.0.9.6:2200', 'web01.example.com'])
    // The inventory node is routed as usual (to the highest-priority runner of any transport), each uri to its declarer.
    expect(ssh.seen.map((n) => n.id)).toEqual(['ssh://deploy@10.0.9.6:2200'])
    expect(any.seen.map((n) => n.id)).toEqual(['web01.example.com'])
    expect(local.seen.map((n) => n.id)).toEqual(['local://build'])
  })

  it('resolves a uri that reaches a known node to that node, not a transient twin', async () => {
    const result = await capstan.command.run({ targets: ['ssh://10.0.0.5', 'ssh://deploy@10.0.0.5:22'], command: 'true' }, { principal: ops })
    expect(result.nodes.map((n) => n.node)).toEqual(['web01.example.com'])
    expect(any.seen.map((n) => [n.id, n.adHoc, n.groups])).toEqual([['web01.example.com', undefined, ['web']]])
    expect(ssh.seen).toEqual([])
  })

  it('never lists a uri target in inventory.list, after it ran', async () => {
    await capstan.command.run({ targets: 'ssh://10.0.9.8', command: 'true' }, { principal: ops })
    const { nodes } = await capstan.inventory.list({}, { principal: ops, refresh: true })
    expect(nodes.map((n) => n.id).sort()).toEqual(['db01.example.com', 'web01.example.com'])
  })

  it('records the run in the journal under the uri', async () => {
    const result = await capstan.command.run({ targets: 'ssh://journal@10.0.9.9', command: 'true' }, { principal: ops })
    const { entries } = await capstan.journal.list({ executionId: result.id }, { principal: ops })
    expect(entries.map((e) => [e.node, e.source, e.body.status])).toEqual([['ssh://journal@10.0.9.9', 'sshrunner', 'success']])
  })

  it('refuses a uri whose transport no plugin declares: NO_PROVIDER naming the transport, before any plugin runs', async () => {
    const error = await rejection(capstan.command.run({ targets: ['web01.example.com', 'winrm://win01:5986'], command: 'true' }, { principal: ops }), 'NO_PROVIDER')
    expect(error.details).toMatchObject({ field: 'targets', transport: 'winrm', capability: 'command.execute', transports: ['local', 'ssh'] })
    expect(error.message).toContain('"winrm"')
    expect([...ssh.seen, ...any.seen, ...local.seen]).toEqual([])
  })

  it('routes a uri to the plugin the caller names, if it runs that transport (or any)', async () => {
    const result = await capstan.command.run({ targets: 'winrm://win01:5986', command: 'true' }, { principal: ops, plugin: 'anyrunner' })
    expect(result.nodes.map((n) => [n.node, n.status])).toEqual([['winrm://win01:5986', 'success']])
    expect(any.seen.map((n) => n.id)).toEqual(['winrm://win01:5986'])
    const error = await rejection(capstan.command.run({ targets: 'ssh://10.0.9.5', command: 'true' }, { principal: ops, plugin: 'localrunner' }), 'NO_PROVIDER')
    expect(error.details).toMatchObject({ field: 'targets', transport: 'ssh', plugin: 'localrunner' })
    expect(local.seen).toEqual([])
  })

  it('refuses a malformed uri with VALIDATION_ERROR naming targets, and a password without echoing it', async () => {
    const bad = await rejection(capstan.command.run({ targets: 'ssh://web01:99999', command: 'true' }, { principal: ops }), 'VALIDATION_ERROR')
    expect(bad.details).toMatchObject({ field: 'targets', reason: 'port' })
    const secret = await rejection(capstan.command.run({ targets: 'ssh://deploy:s3cret-pw@10.0.9.5', command: 'true' }, { principal: ops }), 'VALIDATION_ERROR')
    expect(secret.details).toMatchObject({ field: 'targets', reason: 'password' })
    expect(JSON.stringify(secret.toJSON())).not.toContain('s3cret-pw')
    expect(capstan.logger.records.map((r) => JSON.stringify(r)).join('\n')).not.toContain('s3cret-pw')
    expect(ssh.seen).toEqual([])
  })

  describe('under RBAC', () => {
    it('denies a node-scoped principal a uri outside its patterns: NOT_FOUND, as for a node out of reach, and nothing runs', async () => {
      const outside = await rejection(capstan.command.run({ targets: 'ssh://10.0.9.5', command: 'true' }, { principal: webop }), 'NOT_FOUND')
      const unknownName = await rejection(capstan.command.run({ targets: 'nosuch.example.com', command: 'true' }, { principal: webop }), 'NOT_FOUND')
      expect(outside.details).toMatchObject({ field: 'targets', unmatched: ['ssh://10.0.9.5'], restricted: true })
      expect(Object.keys(outside.details).sort()).toEqual(Object.keys(unknownName.details).sort())
      expect(ssh.seen).toEqual([])
    })

    it('allows it a uri one of its node patterns matches', async () => {
      const result = await capstan.command.run({ targets: 'ssh://lab@10.0.9.5', command: 'true' }, { principal: labop })
      expect(result.nodes.map((n) => [n.node, n.status])).toEqual([['ssh://lab@10.0.9.5', 'success']])
      await rejection(capstan.command.run({ targets: 'ssh://lab@10.0.8.5', command: 'true' }, { principal: labop }), 'NOT_FOUND')
    })

    it('applies the rules of the known node a uri reaches: a deny on db* holds for ssh://10.0.0.7, and a group grant covers ssh://10.0.0.5', async () => {
      await rejection(capstan.command.run({ targets: 'ssh://10.0.0.7', command: 'true' }, { principal: ops }), 'NOT_FOUND')
      const web = await capstan.command.run({ targets: 'ssh://10.0.0.5', command: 'true' }, { principal: webop })
      expect(web.nodes.map((n) => n.node)).toEqual(['web01.example.com'])
      expect(any.seen.map((n) => n.id)).toEqual(['web01.example.com'])
    })
  })
})

describe('uri targets with the built-in local plugin', () => {
  it('refuses local://name unless the local plugin allows uri targets: it would run on this machine', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ localhost: false })] })
    const result = await capstan.command.run({ targets: 'local://scratch', command: 'echo never' })
    expect(result.nodes).toMatchObject([{ node: 'local://scratch', status: 'failure', stdout: '', error: { code: 'PERMISSION_DENIED', details: { reason: 'ad-hoc-local', option: 'adHocTargets' } } }])
  })

  it('runs local://name on this machine with adHocTargets, and it appears nowhere in the inventory', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ localhost: false, adHocTargets: true })] })
    const result = await capstan.command.run({ targets: 'local://scratch', command: 'echo hello from an ad-hoc node' })
    expect(result.nodes.map((n) => [n.node, n.status, n.stdout])).toEqual([['local://scratch', 'success', 'hello from an ad-hoc node\n']])
    const { nodes } = await capstan.inventory.list({}, { refresh: true })
    expect(nodes).toEqual([])
  })
})

describe('uri targets checked before anything is resolved', () => {
  it('refuses a malformed uri or a password before any plugin is asked; a glob that matches nothing and is no uri stays NOT_FOUND', async () => {
    let asked = 0
    const cmdb = testPlugin({ name: 'cmdb', capabilities: { 'inventory.list': async () => (asked++, { nodes: [{ id: 'ssh://root@10.0.0.5:22', transport: 'ssh' }] }) } })
    const { plugin } = runner('sshrunner', ['ssh'])
    await using capstan = await createTestCapstan({ plugins: [cmdb, plugin] })
    for (const targets of ['ssh://@web01', 'deploy:pw@web01', ['ssh://root@10.0.0.5:22', 'ssh://web 01'], 'ssh://u:pw@web*']) {
      await rejection(capstan.command.run({ targets, command: 'true' }), 'VALIDATION_ERROR')
    }
    expect(asked).toBe(0)
    const error = await rejection(capstan.command.run({ targets: ['ssh://*@10.9.*', 'ssh://root@10.0.0.5:22'], command: 'true' }), 'NOT_FOUND')
    expect(error.details.unmatched).toEqual(['ssh://*@10.9.*'])
    // A glob over inventory's uri ids still selects them.
    const result = await capstan.command.run({ targets: 'ssh://root@*', command: 'true' })
    expect(result.nodes.map((n) => n.node)).toEqual(['ssh://root@10.0.0.5:22'])
  })
})
