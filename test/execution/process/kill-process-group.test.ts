import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { isCapstanError } from '../../../src/errors/capstan-error.js'
import { killProcessGroup } from '../../../src/execution/process/kill-process-group.js'
import { waitUntilGone } from '@capstan/test-support/process-liveness'

describe('killProcessGroup', () => {
  it('signals every member of the group, not only the leader', async () => {
    const child = spawn('/bin/sh', ['-c', 'sleep 60 & echo $!; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] })
    const [line] = (await once(child.stdout, 'data')) as [Buffer]
    const sleepPid = Number(String(line).trim())
    const exited = once(child, 'exit')
    expect(killProcessGroup(child.pid as number, 'SIGKILL')).toBe(true)
    expect(await exited).toEqual([null, 'SIGKILL'])
    await waitUntilGone([sleepPid], 2_000)
  })

  it('returns false for a group that no longer exists', async () => {
    const child = spawn('true', { detached: true, stdio: 'ignore' })
    await once(child, 'exit')
    expect(killProcessGroup(child.pid as number, 'SIGTERM')).toBe(false)
    expect(killProcessGroup(child.pid as number, 0)).toBe(false)
  })

  it.each([0, 1, -5, 1.5, Number.NaN])('refuses %s, which kill() would read as "our group" or "everyone"', (pid) => {
    let error: unknown
    try {
      killProcessGroup(pid, 0)
    } catch (e) {
      error = e
    }
    expect(isCapstanError(error, 'VALIDATION_ERROR')).toBe(true)
  })
})
