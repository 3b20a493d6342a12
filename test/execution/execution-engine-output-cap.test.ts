import { localPlugin, type ExecutionEvent } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { resolved, within } from '@capstan/test-support/async'
import { eventsOf } from '../support/executions.js'

const printed = 5000
const cap = 1024
const command = `head -c ${printed} /dev/zero | tr '\\0' a; echo small >&2`

const received = (events: ExecutionEvent[]) => events.flatMap((e) => (e.type === 'node:output' && e.stream === 'stdout' ? [e.chunk] : [])).join('')

describe('output beyond the stored-output cap (maxStoredOutputBytes)', () => {
  it('is cut at exactly the cap in the node result, flagged truncated', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], maxStoredOutputBytes: cap })
    const result = await within(resolved(capstan.command.run({ targets: 'localhost', command })), 5000, 'the result')
    const [node] = result.nodes
    expect(node?.status).toBe('success')
    expect(Buffer.byteLength(node?.stdout ?? '')).toBe(cap)
    expect(node?.stdout).toBe('a'.repeat(cap))
    expect(node?.stderr).toBe('small\n')
    expect(node?.truncated).toBe(true)
  })

  it('reaches a consumer that keeps up in full, and a late subscriber as output:dropped with the bytes it missed', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], maxStoredOutputBytes: cap })
    const run = capstan.command.execute({ targets: 'localhost', command })
    const live = await within(eventsOf(run), 5000, 'the live consumer')
    await run.result
    expect(received(live)).toBe('a'.repeat(printed))
    expect(live.some((e) => e.type === 'output:dropped')).toBe(false)

    const late = await within(eventsOf(capstan.executions.get(run.id) ?? run), 1000, 'the late consumer')
    expect(received(late)).toBe('a'.repeat(cap))
    const dropped = late.filter((e) => e.type === 'output:dropped')
    expect(dropped).toEqual([expect.objectContaining({ type: 'output:dropped', node: 'localhost', stream: 'stdout', bytes: printed - cap })])
    // Seqs still strictly increase for the late consumer, and it still ends with the result.
    const seqs = late.map((e) => e.seq)
    expect(seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number))).toBe(true)
    expect(late.at(-1)).toMatchObject({ type: 'finished', result: { nodes: [{ truncated: true }] } })
  })

  it('does not touch output under the cap', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], maxStoredOutputBytes: cap })
    const result = await within(resolved(capstan.command.run({ targets: 'localhost', command: `head -c ${cap} /dev/zero | tr '\\0' b` })), 5000, 'the result')
    expect(result.nodes[0]).toMatchObject({ stdout: 'b'.repeat(cap), truncated: false })
  })
})
