// End to end: Capstan's execution queue and the plugin's batchSize decide how
// many bolt processes run, with how many targets each. Process start times come
// from FAKE_BOLT_LOG; a process ends when its nodes finish (Bolt reports every
// target at exit).
import { describe, expect, it } from 'vitest'
import type { ExecutionEvent } from 'capstan'
import { boltCapstan, collectEvents, newLogFile, runsOf, targetsOf, type FakeBoltLogEntry } from './support.js'

const MIXED = 'if [ -n "$SSH_CONNECTION" ]; then echo ok over ssh; else echo boom >&2; exit 2; fi'
const TARGETS = ['ssh1', 'ssh2', 'local1', 'deadhost']
/** Every `command run` answers 200 ms late, so processes overlap when they may. */
const SLOW = { FAKE_BOLT_DELAY_MS: '200', FAKE_BOLT_DELAY_ON: '^command run ' }

/** [start, end] of each bolt process: its log time, and the time its last node finished. */
function processSpans(runs: FakeBoltLogEntry[], events: ExecutionEvent[]): Array<{ start: number; end: number; targets: string[] }> {
  const finishedAt = new Map(events.flatMap((e) => (e.type === 'node:finished' ? [[e.node, Date.parse(e.timestamp)] as const] : [])))
  return runs.map((run) => {
    const targets = targetsOf(run.argv)
    return { start: run.startedAt, end: Math.max(...targets.map((t) => finishedAt.get(t) ?? Number.NaN)), targets }
  })
}

/** The most processes running at one time. */
function maxOverlap(spans: Array<{ start: number; end: number }>): number {
  return Math.max(...spans.map((s) => spans.filter((o) => o.start <= s.start && s.start < o.end).length))
}

describe('queue limits and batches', () => {
  it('concurrency 2 and batchSize 1: one bolt process per target, never more than 2 at once', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { batchSize: 1, fakeEnv: SLOW }, { concurrency: 2 })
    let maxRunning = 0
    const poll = setInterval(() => {
      maxRunning = Math.max(maxRunning, capstan.queue.stats().running)
    }, 5)
    const started = Date.now()
    const run = await capstan.invoke('command.execute', { targets: TARGETS, command: MIXED })
    const events = await collectEvents(run)
    const result = await run.result
    const elapsed = Date.now() - started
    clearInterval(poll)

    const runs = runsOf(log, 'command run')
    expect(runs).toHaveLength(4)
    expect(runs.map((r) => targetsOf(r.argv)).flat().sort()).toEqual([...TARGETS].sort())
    for (const r of runs) expect(targetsOf(r.argv)).toHaveLength(1)
    expect(new Set(runs.map((r) => r.pid)).size).toBe(4)

    const spans = processSpans(runs, events)
    for (const span of spans) expect(span.end).toBeGreaterThanOrEqual(span.start + 200)
    expect(maxOverlap(spans)).toBe(2)
    expect(maxRunning).toBeLessThanOrEqual(2)
    // Two rounds of two: the third process waited for a slot.
    const starts = runs.map((r) => r.startedAt).sort((a, b) => a - b)
    expect((starts[2] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(200)
    expect(elapsed).toBeGreaterThanOrEqual(400)

    // No single-target recording of this command exists, so each process's output is
    // unreadable (the fake exits 99): still one clear result per node, none missing.
    expect(result.nodes.map((n) => n.node).sort()).toEqual([...TARGETS].sort())
    for (const node of result.nodes) expect(node).toMatchObject({ status: 'error', error: { code: 'PLUGIN_ERROR' } })
  })

  it('batchSize 50: ONE bolt process for all four targets (command_mixed), however slow', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { batchSize: 50, fakeEnv: SLOW })
    const run = await capstan.invoke('command.execute', { targets: TARGETS, command: MIXED })
    const result = await run.result
    const runs = runsOf(log, 'command run')
    expect(runs).toHaveLength(1)
    expect(runs[0]?.case).toBe('command_mixed')
    expect(targetsOf(runs[0]?.argv ?? []).sort()).toEqual([...TARGETS].sort())
    expect(result.status).toBe('partial')
    expect(result.nodes.map((n) => [n.node, n.status]).sort()).toEqual([
      ['deadhost', 'error'],
      ['local1', 'failure'],
      ['ssh1', 'success'],
      ['ssh2', 'success'],
    ])
  })

  it('a batch never holds more targets than the queue has slots: concurrency 2 splits 4 targets into two processes of 2', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { batchSize: 50, fakeEnv: SLOW }, { concurrency: 2 })
    const run = await capstan.invoke('command.execute', { targets: TARGETS, command: MIXED })
    const events = await collectEvents(run)
    const runs = runsOf(log, 'command run')
    expect(runs.map((r) => targetsOf(r.argv).length)).toEqual([2, 2])
    expect(runs.flatMap((r) => targetsOf(r.argv)).sort()).toEqual([...TARGETS].sort())
    // Two slots: the second process started only when the first had ended.
    expect(maxOverlap(processSpans(runs, events))).toBe(1)
    expect((await run.result).nodes).toHaveLength(4)
  })
})
