// End to end with the fake bolt: a rolling execution gives the Bolt plugin one bolt process
// per wave (its batchSize splits only within a wave), and starts a wave's process only after
// the previous wave's nodes finished.
import { describe, expect, it } from 'vitest'
import { boltCapstan, collectEvents, newLogFile, runsOf, targetsOf } from './support.js'

const MIXED = 'if [ -n "$SSH_CONNECTION" ]; then echo ok over ssh; else echo boom >&2; exit 2; fi'
const TARGETS = ['ssh1', 'ssh2', 'local1', 'deadhost']

describe('a rolling execution on the Bolt plugin', () => {
  it('runs one bolt process per wave, with that wave\'s targets, one after the other', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { batchSize: 50 })
    const run = capstan.command.execute({ targets: TARGETS, command: MIXED }, { rollout: { batch: 2 } })
    const events = await collectEvents(run)
    const result = await run.result

    const runs = runsOf(log, 'command run')
    const waves = events.flatMap((e) => (e.type === 'wave:started' ? [e.nodes] : []))
    expect(waves).toHaveLength(2)
    expect(runs.map((r) => targetsOf(r.argv).sort())).toEqual(waves.map((nodes) => [...nodes].sort()))
    // The second process started after every node of the first wave had finished.
    const firstWaveDone = Math.max(...events.flatMap((e) => (e.type === 'node:finished' && waves[0]?.includes(e.node) ? [Date.parse(e.timestamp)] : [])))
    expect(runs[1]?.startedAt).toBeGreaterThanOrEqual(firstWaveDone)
    expect(result.nodes.map((n) => n.node).sort()).toEqual([...TARGETS].sort())
    expect(result.rollout).toMatchObject({ batch: 2, waves: 2, startedWaves: 2 })
  })
})
