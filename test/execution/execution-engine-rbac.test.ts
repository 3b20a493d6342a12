import type { Policy, Principal } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection, resolved, within } from '@capstan/test-support/async'
import { recordingRunner } from '../support/execution-plugin.js'
import { eventsOf, inventoryOf } from '../support/executions.js'

const policy: Policy = {
  roles: {
    viewer: { allow: ['inventory.*'] },
    'web-operator': { allow: [{ capability: 'command.execute', nodes: ['group:web'] }] },
  },
}
const viewer: Principal = { id: 'vera', roles: ['viewer'] }
const webop: Principal = { id: 'walt', roles: ['web-operator'] }

function setup() {
  const { runner, calls } = recordingRunner()
  const cmdb = inventoryOf('cmdb', [
    { id: 'web01.example.com', groups: ['web'] },
    { id: 'db01.example.com', groups: ['db'] },
  ])
  return { calls, plugins: [cmdb, runner] }
}

describe('RBAC on executions', () => {
  it('refuses a principal without command.execute: ready, result and the iterator reject PERMISSION_DENIED, no plugin runs', async () => {
    const { calls, plugins } = setup()
    await using capstan = await createTestCapstan({ plugins, policy })
    const run = capstan.command.execute({ targets: 'web01.example.com', command: 'uptime' }, { principal: viewer })
    const error = await rejection(within(run.ready, 5000, 'ready'), 'PERMISSION_DENIED')
    expect(error.details).toEqual({ principal: 'vera', capability: 'command.execute' })
    await rejection(run.result, 'PERMISSION_DENIED')
    await rejection(eventsOf(run), 'PERMISSION_DENIED')
    await rejection(capstan.invoke('command.execute', { targets: 'web01.example.com', command: 'uptime' }, { principal: viewer }), 'PERMISSION_DENIED')
    await rejection(capstan.command.run({ targets: 'web01.example.com', command: 'uptime' }), 'PERMISSION_DENIED')
    expect(calls).toEqual([])
    expect(capstan.queue.stats().completed).toBe(0)
  })

  it('resolves the targets of a node-scoped principal among its nodes: a denied node named is NOT_FOUND and nothing runs, `all` is its nodes', async () => {
    const { calls, plugins } = setup()
    await using capstan = await createTestCapstan({ plugins, policy })
    const denied = await rejection(within(capstan.command.run({ targets: ['web01.example.com', 'db01.example.com'], command: 'uptime' }, { principal: webop }), 5000, 'the result'), 'NOT_FOUND')
    expect(denied.details.unmatched).toEqual(['db01.example.com'])
    expect(calls).toEqual([])
    const all = await within(resolved(capstan.command.run({ targets: 'all', command: 'uptime' }, { principal: webop })), 5000, 'the result')
    expect(all.nodes.map((n) => n.node)).toEqual(['web01.example.com'])
    calls.length = 0
    const result = await within(resolved(capstan.command.run({ targets: { groups: ['web'] }, command: 'uptime' }, { principal: webop })), 5000, 'the result')
    expect(result.nodes.map((n) => [n.node, n.status])).toEqual([['web01.example.com', 'success']])
    expect(calls).toEqual(['web01.example.com'])
  })

  it('refuses a principal allowed on no node PERMISSION_DENIED rather than NOT_FOUND for targets that do not exist', async () => {
    const { calls, plugins } = setup()
    await using capstan = await createTestCapstan({ plugins, policy })
    await rejection(capstan.command.execute({ targets: 'ghost.example.com', command: 'uptime' }, { principal: viewer }).result, 'PERMISSION_DENIED')
    await rejection(capstan.command.execute({ targets: ['web01.example.com', 'ghost.example.com'], command: 'uptime' }, { principal: webop }).result, 'NOT_FOUND')
    expect(calls).toEqual([])
  })
})
