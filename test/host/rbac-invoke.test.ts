import type { CallInput, ExecutionResult, Policy, Principal } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { alert, fakePlugin, type FakePlugin } from '../support/fake-plugin.js'

const policy: Policy = {
  roles: {
    viewer: { allow: ['inventory.*'] },
    'web-operator': { allow: [{ capability: 'command.execute', nodes: ['group:web'] }] },
    operator: { allow: ['*'], deny: [{ capability: 'command.execute', nodes: ['db*'] }] },
    'no-alerts': { deny: ['alert.*'] },
    'web-reader': { allow: [{ capability: 'inventory.get', nodes: ['group:web'] }, { capability: 'info.facts', nodes: ['web01.example.com'] }] },
  },
}

const alice: Principal = { id: 'alice', roles: ['viewer'] }
const webop: Principal = { id: 'webop', roles: ['web-operator'] }
const ops: Principal = { id: 'ops', roles: ['operator'] }
const nobody: Principal = { id: 'nobody', roles: [] }
const muted: Principal = { id: 'muted', roles: ['operator', 'no-alerts'] }
const webReader: Principal = { id: 'web-reader', roles: ['web-reader'] }

function fleet() {
  return {
    cmdb: fakePlugin('cmdb', {
      nodes: [
        { id: 'web01.example.com', groups: ['web'] },
        { id: 'db01.example.com', groups: ['db'] },
      ],
      groups: [
        { name: 'web', nodes: ['web01.example.com'] },
        { name: 'db', nodes: ['db01.example.com'] },
      ],
      lookup: true,
    }),
    runner: fakePlugin('runner', { runs: true, facts: { 'web01.example.com': { role: 'web' }, 'db01.example.com': { role: 'db' } } }),
    short: fakePlugin('short', { nodes: [{ id: 'web01' }], lookup: true }),
    alerts: fakePlugin('alerts', {
      integrationTypes: ['alerts'],
      capabilities: {
        'alert.list': async () => ({ alerts: [alert('a1')] }),
        'alert.subscribe': async function* () {
          yield alert('a1')
        },
      },
    }),
  }
}

describe('invoke under an RBAC policy', () => {
  let plugins: ReturnType<typeof fleet>
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>
  const all = (): FakePlugin[] => Object.values(plugins)
  const calls = () => all().reduce((n, p) => n + p.log.count(), 0)
  // invoke of an execution resolves to the Execution once RBAC and targets passed; its result follows.
  const run = async (targets: CallInput<'command.execute'>['targets'], principal: Principal): Promise<ExecutionResult> =>
    (await capstan.invoke('command.execute', { targets, command: 'uptime' }, { principal })).result

  beforeAll(async () => {
    plugins = fleet()
    capstan = await createTestCapstan({ plugins: Object.values(plugins).map((p) => p.plugin), policy })
  })
  afterAll(() => capstan.close())

  it('denies a principal without an allow, naming only principal and capability, before any plugin runs', async () => {
    const before = calls()
    const error = await rejection(capstan.inventory.list({}, { principal: nobody, refresh: true }), 'PERMISSION_DENIED')
    expect(error.message).toContain('nobody')
    expect(error.message).toContain('inventory.list')
    for (const secret of ['viewer', 'operator', 'roles', 'allow', 'deny', 'group:']) expect(error.message).not.toContain(secret)
    expect(error.details).toEqual({ principal: 'nobody', capability: 'inventory.list' })
    expect(calls()).toBe(before)
  })

  it('denies a call without a principal', async () => {
    const error = await rejection(capstan.alerts.list({}), 'PERMISSION_DENIED')
    expect(error.details.capability).toBe('alert.list')
    expect(plugins.alerts.log.count()).toBe(0)
  })

  it('lets a viewer allowed inventory.* list, but not run commands', async () => {
    const result = await capstan.inventory.list({}, { principal: alice })
    expect(result.nodes.map((n) => n.id)).toEqual(['db01.example.com', 'web01.example.com'])
    await rejection(run('web01.example.com', alice), 'PERMISSION_DENIED')
    expect(plugins.runner.log.count()).toBe(0)
  })

  it('resolves the targets of a node-scoped principal among the nodes it may act on: db01 is as absent as a ghost', async () => {
    const ok = await run('web01.example.com', webop)
    expect(ok.nodes.map((n) => n.node)).toEqual(['web01.example.com'])
    const before = plugins.runner.log.count()
    const denied = await rejection(run('db01.example.com', webop), 'NOT_FOUND')
    expect(denied.message).toBe('Targets matched no node that principal "webop" may call "command.execute" on: db01.example.com')
    expect(denied.details).toEqual({ capability: 'command.execute', field: 'targets', unmatched: ['db01.example.com'], restricted: true })
    const ghost = await rejection(run('ghost.example.com', webop), 'NOT_FOUND')
    expect([ghost.message.replace('ghost', 'db01'), { ...ghost.details, unmatched: ['db01.example.com'] }]).toEqual([denied.message, denied.details])
    expect((await rejection(run(['web01.example.com', 'db01.example.com'], webop), 'NOT_FOUND')).details.unmatched).toEqual(['db01.example.com'])
    expect((await rejection(run('db', webop), 'NOT_FOUND')).details.unmatched).toEqual(['db'])
    expect((await rejection(run('d*', webop), 'NOT_FOUND')).details.unmatched).toEqual(['d*'])
    expect(plugins.runner.log.count()).toBe(before)
    // Globs and `all` select among the permitted nodes only.
    expect((await run('*', webop)).nodes.map((n) => n.node)).toEqual(['web01.example.com'])
    expect((await run('all', webop)).nodes.map((n) => n.node)).toEqual(['web01.example.com'])
    // The policy's spelling of a group works as a target too.
    expect((await run('group:web', webop)).nodes.map((n) => n.node)).toEqual(['web01.example.com'])
    expect((await rejection(run('group:db', webop), 'NOT_FOUND')).details.unmatched).toEqual(['group:db'])
  })

  it('matches node-scoped rules against the groups of nodes named by group', async () => {
    const ok = await run('web', webop)
    expect(ok.nodes.map((n) => n.node)).toEqual(['web01.example.com'])
  })

  it('lets a deny win over an allow', async () => {
    expect((await run('web01.example.com', ops)).status).toBe('success')
    expect((await rejection(run('db01.example.com', ops), 'NOT_FOUND')).details.restricted).toBe(true)
    expect((await run('all', ops)).nodes.map((n) => n.node)).toEqual(['web01.example.com'])
    await rejection(capstan.alerts.list({}, { principal: muted }), 'PERMISSION_DENIED')
    expect((await capstan.inventory.list({}, { principal: muted })).nodes).toHaveLength(2)
  })

  it('matches node-scoped rules on a { node } input against the node as inventory knows it, under any of its names', async () => {
    expect((await capstan.facts.get('web01', { principal: webReader })).facts).toEqual({ role: 'web' })
    const denied = await rejection(capstan.facts.get('db01.example.com', { principal: webReader }), 'NOT_FOUND')
    expect(denied.message).toBe('No node "db01.example.com" that principal "web-reader" may call "info.facts" on')
    expect(denied.details).toEqual({ capability: 'info.facts', field: 'node', node: 'db01.example.com', restricted: true })
    const ghost = await rejection(capstan.facts.get('db99.example.com', { principal: webReader }), 'NOT_FOUND')
    expect([ghost.message, ghost.details.node]).toEqual([denied.message.replace('db01', 'db99'), 'db99.example.com'])
  })

  it('matches a group-scoped rule on inventory.get against the groups of the linked node', async () => {
    const node = await capstan.inventory.get('web01.example.com', { principal: webReader })
    expect(node.id).toBe('web01.example.com')
    const denied = await rejection(capstan.inventory.get('db01.example.com', { principal: webReader }), 'NOT_FOUND')
    const ghost = await rejection(capstan.inventory.get('db99.example.com', { principal: webReader }), 'NOT_FOUND')
    expect(ghost.message).toBe(denied.message.replace('db01', 'db99'))
  })

  it('answers a principal allowed on no node PERMISSION_DENIED whether its targets exist or not', async () => {
    await rejection(run('ghost.example.com', nobody), 'PERMISSION_DENIED')
    await rejection(run('ghost.example.com', alice), 'PERMISSION_DENIED')
    await rejection(run('web01.example.com', alice), 'PERMISSION_DENIED')
    await rejection(capstan.facts.get('ghost.example.com', { principal: nobody }), 'PERMISSION_DENIED')
    const filter = await rejection(run({ facts: { 'os.family': 'Plan9' } }, webop), 'NOT_FOUND')
    expect(filter.message).toBe('Targets matched no node that principal "webop" may call "command.execute" on (the filter selects none)')
  })

  it('still says NOT_FOUND to a principal who may act on what it named', async () => {
    const error = await rejection(run(['web01.example.com', 'ghost.example.com'], webop), 'NOT_FOUND')
    expect(error.details.unmatched).toEqual(['ghost.example.com'])
  })

  it('checks RBAC for streams before opening them', async () => {
    const iterator = capstan.alerts.subscribe({}, { principal: alice })[Symbol.asyncIterator]()
    await rejection(iterator.next(), 'PERMISSION_DENIED')
    expect(plugins.alerts.log.count('alert.subscribe')).toBe(0)
    const items = []
    for await (const item of capstan.alerts.subscribe({}, { principal: ops })) items.push(item.id)
    expect(items).toEqual(['a1'])
  })

  it('tells a denied caller PERMISSION_DENIED, not NO_PROVIDER, for a stream nobody provides (as for any other capability)', async () => {
    await rejection(capstan.invoke('deploy.history', {}, { principal: nobody }), 'PERMISSION_DENIED')
    await rejection(capstan.invoke('events.stream', {}, { principal: nobody }), 'PERMISSION_DENIED')
  })

  it('records the principal of each invocation in the invocation event', async () => {
    const seen: Array<{ capability: string; ok: boolean; principal?: string; code?: string }> = []
    const listener = (event: (typeof seen)[number]) => seen.push(event)
    capstan.on('invocation', listener)
    await capstan.inventory.list({}, { principal: alice }).catch(() => undefined)
    await capstan.inventory.list({}, { principal: nobody }).catch(() => undefined)
    capstan.off('invocation', listener)
    expect(seen.map((e) => [e.capability, e.ok, e.principal, e.code])).toEqual([
      ['inventory.list', true, 'alice', undefined],
      ['inventory.list', false, 'nobody', 'PERMISSION_DENIED'],
    ])
  })

  it('logs why a call was denied for the operator, not for the caller', () => {
    const warning = capstan.logger.records.find((r) => r.level === 'warn' && (r.obj as { principal?: string }).principal === 'nobody')
    expect(warning?.msg).toBe('permission denied')
    expect((warning?.obj as { reason?: string }).reason).toBeTruthy()
  })
})

describe('invoke without a policy', () => {
  it('allows everything, with or without a principal', async () => {
    const plugins = fleet()
    await using capstan = await createTestCapstan({ plugins: Object.values(plugins).map((p) => p.plugin) })
    expect((await capstan.command.run({ targets: 'db01.example.com', command: 'rm -rf /tmp/x' })).status).toBe('success')
    expect((await (await capstan.invoke('command.execute', { targets: 'all', command: 'uptime' }, { principal: nobody })).result).nodes).toHaveLength(2)
    expect((await capstan.alerts.list({}, { principal: nobody })).alerts).toHaveLength(1)
  })
})

describe('an invalid policy', () => {
  it('is a CONFIG_ERROR at createCapstan naming the bad rule', async () => {
    const error = await rejection(createTestCapstan({ policy: { roles: { ops: { allow: ['!command.execute'] } } } }), 'CONFIG_ERROR')
    expect(error.message).toContain('roles.ops.allow[0]')
  })
})
