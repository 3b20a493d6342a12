// An Execution is shared and re-attachable: a consumer that stops reading
// (`break` out of `for await`) stops its own iteration, never the run.
// `run.cancel()` (or the `signal` option) is what stops it.
import { localPlugin, type ExecutionEvent } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { resolved, within } from '@capstan/test-support/async'
import { eventsOf, isRunning, killLeftovers, shellWithChildren, waitUntilGone } from '../support/executions.js'

let started: number[] = []
afterEach(() => {
  killLeftovers(started)
  started = []
})

/** Everything the events carry on stdout, in order. */
function stdoutOf(events: ExecutionEvent[]): string {
  return events.flatMap((e) => (e.type === 'node:output' && e.stream === 'stdout' ? [e.chunk] : [])).join('')
}

describe('a consumer that breaks out of for await', () => {
  it('stops only its own iteration: the run goes on to success, and other consumers get every event', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: 'echo first; sleep 1; echo second' })
    const other = eventsOf(run)
    let seen = ''
    for await (const event of run) {
      if (event.type === 'node:output') {
        seen = event.chunk
        break
      }
    }
    expect(seen).toBe('first\n')
    const result = await within(resolved(run.result), 10_000, 'the result')
    expect(result.status).toBe('success')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'localhost', status: 'success', exitCode: 0, stdout: 'first\nsecond\n' })])
    const events = await within(other, 5_000, 'the other consumer')
    expect(stdoutOf(events)).toBe('first\nsecond\n')
    expect(events.at(-1)).toMatchObject({ type: 'finished', result: { status: 'success' } })
    // A consumer that comes after the break gets the whole run, replayed.
    expect(stdoutOf(await eventsOf(run))).toBe('first\nsecond\n')
  })

  it('leaves the processes running; run.cancel() is what stops them', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ killGraceMs: 1_000 })] })
    const run = capstan.command.execute({ targets: 'localhost', command: shellWithChildren })
    let stdout = ''
    for await (const event of run) {
      if (event.type === 'node:output') stdout += event.chunk
      if (stdout.split('\n').length > 3) break
    }
    const pids = stdout.trim().split('\n').map(Number)
    started.push(...pids)
    expect(pids).toHaveLength(3)
    // Long enough for a stop to have reached them, had the break stopped anything.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(run.status).toBe('running')
    expect(pids.every(isRunning)).toBe(true)

    run.cancel('stopped after the break')
    const result = await within(resolved(run.result), 5_000, 'the result')
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ status: 'cancelled', error: expect.objectContaining({ message: 'stopped after the break' }) })])
    await waitUntilGone(pids, 2_000)
  })
})
