import { ExecutionEvent, ExecutionResult, localPlugin } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { deferred, within } from '@capstan/test-support/async'
import { eventsOf, inventoryOf } from '../support/executions.js'

const iso = (value: string) => new Date(value).toISOString() === value

describe('the events of an execution', () => {
  it('come in order queued, started, node:started, node:output…, node:finished, finished, numbered from 0 and stamped', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: 'echo hello; echo oops >&2' })
    expect(run.status).toBe('queued')
    const events = await within(eventsOf(run), 5000, 'the execution')

    const types = events.map((e) => e.type)
    expect(types.slice(0, 3)).toEqual(['queued', 'started', 'node:started'])
    expect(types.slice(-2)).toEqual(['node:finished', 'finished'])
    expect(new Set(types.slice(3, -2))).toEqual(new Set(['node:output']))
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i))
    for (const event of events) {
      expect(ExecutionEvent.safeParse(event).success).toBe(true)
      expect(event.executionId).toBe(run.id)
      expect(iso(event.timestamp), event.timestamp).toBe(true)
    }
    expect(events[0]).toMatchObject({ type: 'queued', position: 0 })
    expect(events[1]).toMatchObject({ type: 'started', nodes: ['localhost'] })
    const output = (stream: 'stdout' | 'stderr') => events.flatMap((e) => (e.type === 'node:output' && e.stream === stream ? [e.chunk] : [])).join('')
    expect(output('stdout')).toBe('hello\n')
    expect(output('stderr')).toBe('oops\n')
    // Timestamps never go back.
    const times = events.map((e) => Date.parse(e.timestamp))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('resolve a result with every node\'s output, exit code and timings, equal to the finished event\'s', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: 'echo hello; echo oops >&2' })
    const events = await within(eventsOf(run), 5000, 'the execution')
    const result = await run.result

    expect(ExecutionResult.safeParse(result).success).toBe(true)
    expect(result).toMatchObject({ id: run.id, capability: 'command.execute', plugins: ['local'], status: 'success' })
    expect(result.nodes).toHaveLength(1)
    const [node] = result.nodes
    expect(node).toMatchObject({ node: 'localhost', status: 'success', exitCode: 0, stdout: 'hello\n', stderr: 'oops\n', truncated: false })
    expect(node?.error).toBeUndefined()
    expect(node?.durationMs).toBe(Date.parse(node?.finishedAt ?? '') - Date.parse(node?.startedAt ?? ''))
    expect(result.durationMs).toBe(Date.parse(result.finishedAt) - Date.parse(result.startedAt))
    expect(Date.parse(result.startedAt)).toBeLessThanOrEqual(Date.parse(node?.startedAt ?? ''))
    expect(Date.parse(node?.finishedAt ?? '')).toBeLessThanOrEqual(Date.parse(result.finishedAt))
    expect(events.find((e) => e.type === 'node:finished')).toMatchObject({ node: 'localhost', result: node })
    expect(events.at(-1)).toMatchObject({ type: 'finished', result })
    expect(run.status).toBe('success')
  })

  it('carry a plugin\'s output chunks unchanged and in order, each node\'s events between its node:started and node:finished', async () => {
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) {
            yield { type: 'node:started', node: node.id }
            yield { type: 'node:output', node: node.id, stream: 'stdout', chunk: `${node.id} one\n` }
            yield { type: 'node:output', node: node.id, stream: 'stderr', chunk: 'é 🚀\n' }
            yield { type: 'node:output', node: node.id, stream: 'stdout', chunk: `${node.id} two\n` }
            yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0, value: { seen: node.id } }
          }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'a1' }, { id: 'a2' }]), runner] })
    const run = capstan.command.execute({ targets: ['a1', 'a2'], command: 'x' })
    const events = await within(eventsOf(run), 5000, 'the execution')
    const result = await run.result

    for (const node of ['a1', 'a2']) {
      const own = events.filter((e) => 'node' in e && e.node === node)
      expect(own.map((e) => (e.type === 'node:output' ? `${e.stream}:${e.chunk}` : e.type))).toEqual([
        'node:started',
        `stdout:${node} one\n`,
        'stderr:é 🚀\n',
        `stdout:${node} two\n`,
        'node:finished',
      ])
    }
    expect(result.nodes.map((n) => [n.node, n.stdout, n.stderr, n.value])).toEqual([
      ['a1', 'a1 one\na1 two\n', 'é 🚀\n', { seen: 'a1' }],
      ['a2', 'a2 one\na2 two\n', 'é 🚀\n', { seen: 'a2' }],
    ])
    expect(result.plugins).toEqual(['runner'])
  })

  it('move the status along: queued, running once a node holds its slot, then how it ended', async () => {
    const gate = deferred()
    const inside = deferred()
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) yield { type: 'node:started', node: node.id }
          inside.resolve()
          await gate.promise
          for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'a1' }]), runner] })
    const run = capstan.command.execute({ targets: 'a1', command: 'x' })
    expect(run.status).toBe('queued')
    await within(inside.promise, 5000, 'the plugin')
    expect(run.status).toBe('running')
    expect(capstan.queue.stats().running).toBe(1)
    gate.resolve()
    expect((await within(run.result, 5000, 'the result')).status).toBe('success')
    expect(run.status).toBe('success')
    expect(capstan.queue.stats()).toMatchObject({ running: 0, completed: 1 })
  })
})
