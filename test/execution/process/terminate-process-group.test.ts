import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { terminateProcessGroup } from '../../../src/execution/process/terminate-process-group.js'

const node = process.execPath

/** A Node process leading its own group that ignores SIGTERM, once its handler is in place. */
async function groupIgnoringSigterm() {
  const child = spawn(node, ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  await once(child.stdout, 'data')
  return child
}

describe('terminateProcessGroup', () => {
  it('resolves soon after a group that obeys SIGTERM is gone, long before the grace ends', async () => {
    const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' })
    await once(child, 'spawn')
    const exited = once(child, 'exit')
    const start = performance.now()
    await terminateProcessGroup(child.pid as number, 5_000)
    expect(performance.now() - start).toBeLessThan(2_000)
    expect(await exited).toEqual([null, 'SIGTERM'])
  })

  it('SIGKILLs a group that ignores SIGTERM once the grace has passed', async () => {
    const child = await groupIgnoringSigterm()
    const exited = once(child, 'exit')
    const start = performance.now()
    await terminateProcessGroup(child.pid as number, 200)
    expect(performance.now() - start).toBeGreaterThanOrEqual(190)
    expect(await exited).toEqual([null, 'SIGKILL'])
  })

  it('SIGKILLs at once when killSignal aborts during the grace', async () => {
    const child = await groupIgnoringSigterm()
    const exited = once(child, 'exit')
    const kill = new AbortController()
    const start = performance.now()
    const terminated = terminateProcessGroup(child.pid as number, 10_000, kill.signal)
    setTimeout(() => kill.abort(), 100)
    await terminated
    expect(performance.now() - start).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(await exited).toEqual([null, 'SIGKILL'])
  })

  it('resolves at once for a group that is already gone', async () => {
    const child = spawn('true', { detached: true, stdio: 'ignore' })
    await once(child, 'exit')
    await expect(terminateProcessGroup(child.pid as number, 5_000)).resolves.toBeUndefined()
  })
})
