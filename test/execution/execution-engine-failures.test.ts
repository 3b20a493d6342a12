import { localPlugin } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { resolved, within } from '@capstan/test-support/async'
import { byNode, eventsOf, inventoryOf } from '../support/executions.js'

describe('a node that fails', () => {
  it('is a result: exit 3 makes the node and the execution `failure`, and run.result resolves', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: 'echo half-done; exit 3' })
    const result = await within(resolved(run.result), 5000, 'the result')
    expect(result.status).toBe('failure')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'localhost', status: 'failure', exitCode: 3, stdout: 'half-done\n' })])
    expect(run.status).toBe('failure')
    // The stream ends normally too: a failed node is not an error for consumers.
    const events = await within(eventsOf(run), 1000, 'the replay')
    expect(events.at(-1)).toMatchObject({ type: 'finished', result: { status: 'failure' } })
  })

  it('beside one that succeeds makes the execution `partial`; command.run resolves as well', async () => {
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) {
            const ok = node.id.startsWith('ok')
            yield { type: 'node:finished', node: node.id, status: ok ? 'success' : 'failure', exitCode: ok ? 0 : 1 }
          }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'ok1' }, { id: 'ok2' }, { id: 'bad1' }]), runner] })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 5000, 'the result')
    expect(result.status).toBe('partial')
    const nodes = byNode(result.nodes)
    expect(Object.keys(nodes).sort()).toEqual(['bad1', 'ok1', 'ok2'])
    expect(nodes.bad1).toMatchObject({ status: 'failure', exitCode: 1 })
    expect(nodes.ok1).toMatchObject({ status: 'success', exitCode: 0 })
  })

  it('makes the execution `failure`, not a rejection, when every node fails', async () => {
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'error', exitCode: null, error: { code: 'UNREACHABLE', message: `${node.id} is down` } }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'a1' }, { id: 'a2' }]), runner] })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 5000, 'the result')
    expect(result.status).toBe('failure')
    expect(result.nodes.map((n) => [n.node, n.status, n.error?.code, n.error?.message])).toEqual([
      ['a1', 'error', 'UNREACHABLE', 'a1 is down'],
      ['a2', 'error', 'UNREACHABLE', 'a2 is down'],
    ])
  })
})
