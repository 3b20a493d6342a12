import { localPlugin } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { deferred, within } from '@capstan/test-support/async'
import { eventsOf, inventoryOf } from '../support/executions.js'

const chatty = 'for i in 1 2 3 4 5; do echo "line $i"; echo "warn $i" >&2; done; exit 2'

describe('consumers of an execution', () => {
  it('attached late, after the end, get exactly the sequence a consumer from the start got', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: chatty })
    const live = await within(eventsOf(run), 5000, 'the live consumer')
    await run.result

    const again = capstan.executions.get(run.id)
    expect(again?.id).toBe(run.id)
    const replay = await within(eventsOf(again ?? run), 1000, 'the replay')
    expect(replay).toEqual(live)
    expect(replay.map((e) => e.type)).toContain('node:output')
    expect(replay.at(-1)?.type).toBe('finished')
    // And again: a replay does not consume anything.
    expect(await within(eventsOf(run.events()), 1000, 'a second replay')).toEqual(live)
  })

  it('running side by side see identical sequences', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: chatty })
    const [a, b] = await within(Promise.all([eventsOf(run), eventsOf(run.events())]), 5000, 'the consumers')
    expect(a.length).toBeGreaterThan(5)
    expect(b).toEqual(a)
  })

  it('attached mid-run get the events they missed first, then the rest, like everyone else', async () => {
    const gate = deferred()
    const halfway = deferred()
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) yield { type: 'node:output', node: node.id, stream: 'stdout', chunk: 'before\n' }
          halfway.resolve()
          await gate.promise
          for (const node of batch.nodes) {
            yield { type: 'node:output', node: node.id, stream: 'stdout', chunk: 'after\n' }
            yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
          }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), runner] })
    const run = capstan.command.execute({ targets: 'n1', command: 'x' })
    const early = eventsOf(run)
    await within(halfway.promise, 5000, 'the first half')
    const late = eventsOf(capstan.executions.get(run.id) ?? run)
    gate.resolve()
    const [fromStart, fromMiddle] = await within(Promise.all([early, late]), 5000, 'the consumers')
    expect(fromMiddle).toEqual(fromStart)
    expect((await run.result).nodes[0]?.stdout).toBe('before\nafter\n')
  })

  it('of an unknown id get nothing to attach to', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    expect(capstan.executions.get('no-such-execution')).toBeUndefined()
  })
})
