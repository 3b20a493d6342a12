import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { runProcess, type ProcessExitEvent, type RunProcessOptions } from '../../../src/execution/process/index.js'
import { isRunning, killLeftovers, waitUntilGone } from '@capstan/test-support/process-liveness'

const node = process.execPath
const scratch = mkdtempSync(join(tmpdir(), 'capstan-cancel-'))
// Two background sleeps and the shell itself, each pid on its own line.
const shellWithChildren = ['/bin/sh', '-c', 'sleep 60 & echo $!; sleep 60 & echo $!; echo $$; wait'] as const
const ignoresSigterm = "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"

let started: number[] = []
afterEach(({ task }) => {
  // Only after a failure: a passing test proved these pids gone, and by now they may belong to someone else.
  if (task.result?.state === 'fail') killLeftovers(started)
  started = []
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Runs until `ready(lines)` says so, calls `act`, then drains to the exit event. */
async function runUntil(
  options: RunProcessOptions,
  ready: (stdout: string) => boolean,
  act: (stdout: string) => void,
): Promise<{ pid: number; stdout: string; exit: ProcessExitEvent }> {
  let pid = 0
  let stdout = ''
  let acted = false
  for await (const event of runProcess(options)) {
    if (event.type === 'spawn') started.push((pid = event.pid))
    if (event.type === 'output') stdout += event.chunk
    if (!acted && ready(stdout)) {
      acted = true
      act(stdout)
    }
    if (event.type === 'exit') return { pid, stdout, exit: event }
  }
  throw new Error('no exit event')
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const pidsIn = (stdout: string): number[] => stdout.trim().split('\n').filter(Boolean).map(Number)

describe('runProcess cancellation', () => {
  it('on abort, SIGTERMs the whole process group and reports killed with the reason', async () => {
    const controller = new AbortController()
    let pids: number[] = []
    const { pid, exit } = await runUntil(
      { argv: shellWithChildren, signal: controller.signal },
      (out) => pidsIn(out).length === 3,
      (out) => {
        pids = pidsIn(out)
        started.push(...pids)
        // Checked before the abort, so "gone" afterwards means we killed them.
        expect(pids.every(isRunning)).toBe(true)
        controller.abort('user pressed stop')
      },
    )
    expect(pids).toHaveLength(3)
    expect(pids[2]).toBe(pid)
    expect(exit).toMatchObject({ killed: true, signal: 'SIGTERM', exitCode: null, reason: 'user pressed stop' })
    await waitUntilGone(pids, 2_000)
  })

  it('SIGKILLs a process that ignores SIGTERM once graceMs has passed', async () => {
    const controller = new AbortController()
    let abortedAt = 0
    const { pid, exit } = await runUntil(
      { argv: [node, '-e', ignoresSigterm], signal: controller.signal, graceMs: 200 },
      (out) => out.includes('ready'),
      () => {
        abortedAt = performance.now()
        controller.abort()
      },
    )
    expect(performance.now() - abortedAt).toBeGreaterThanOrEqual(190)
    expect(exit).toMatchObject({ killed: true, signal: 'SIGKILL', exitCode: null })
    expect(isRunning(pid)).toBe(false)
  })

  it('killSignal ends the grace: a process that ignores SIGTERM gets SIGKILL at once', async () => {
    const controller = new AbortController()
    const kill = new AbortController()
    let killedAt = 0
    const { pid, exit } = await runUntil(
      { argv: [node, '-e', ignoresSigterm], signal: controller.signal, killSignal: kill.signal, graceMs: 10_000 },
      (out) => out.includes('ready'),
      () => {
        controller.abort('stop')
        setTimeout(() => {
          killedAt = performance.now()
          kill.abort('stop now')
        }, 100)
      },
    )
    expect(performance.now() - killedAt).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(exit).toMatchObject({ killed: true, signal: 'SIGKILL', exitCode: null, reason: 'stop' })
    expect(isRunning(pid)).toBe(false)
  })

  it('killSignal alone stops the process at once, with its reason', async () => {
    const kill = new AbortController()
    const { pid, exit } = await runUntil(
      { argv: [node, '-e', ignoresSigterm], killSignal: kill.signal, graceMs: 10_000 },
      (out) => out.includes('ready'),
      () => kill.abort('killed by the caller'),
    )
    expect(exit).toMatchObject({ killed: true, signal: 'SIGKILL', reason: 'killed by the caller' })
    expect(isRunning(pid)).toBe(false)
  })

  it('refuses to start once killSignal has aborted', async () => {
    const run = runProcess({ argv: ['true'], killSignal: AbortSignal.abort() })
    await expect(run.next()).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('still SIGKILLs a grandchild that ignores SIGTERM after the child itself has exited', async () => {
    const ready = join(scratch, 'grandchild-ready')
    const grandchild = `process.on('SIGTERM', () => {}); require('fs').writeFileSync(process.argv[1], 'x'); setInterval(() => {}, 1000)`
    const controller = new AbortController()
    const running = runUntil(
      {
        // The grandchild's output goes to /dev/null, so the child's pipes close as soon as the shell dies.
        argv: ['/bin/sh', '-c', `"$0" -e "$1" "$2" >/dev/null 2>&1 & echo $!; wait`, node, grandchild, ready],
        signal: controller.signal,
        // Wide enough that a loaded machine still checks the grandchild before the SIGKILL.
        graceMs: 2_000,
      },
      () => false,
      () => undefined,
    )
    // The grandchild writes the file once its SIGTERM handler is installed; no output tells us that.
    await waitFor(() => existsSync(ready), 5_000)
    controller.abort()
    const { stdout, exit } = await running
    const grandchildPid = Number(stdout.trim())
    started.push(grandchildPid)
    expect(exit).toMatchObject({ killed: true, signal: 'SIGTERM' })
    // The shell died of SIGTERM; the grandchild ignored it and is only stopped by the SIGKILL after grace.
    expect(isRunning(grandchildPid)).toBe(true)
    await waitUntilGone([grandchildPid], 5_000)
  })

  it('breaking out of the loop early kills the group; the break returns once the child has exited', async () => {
    let pid = 0
    let stdout = ''
    for await (const event of runProcess({ argv: shellWithChildren })) {
      if (event.type === 'spawn') started.push((pid = event.pid))
      if (event.type === 'output') stdout += event.chunk
      if (pidsIn(stdout).length === 3) break
    }
    const pids = pidsIn(stdout)
    started.push(...pids)
    expect(pids[2]).toBe(pid)
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
    await waitUntilGone(pids, 2_000)
  })

  it('breaking out early from a SIGTERM-ignoring child waits out the grace, then it is gone', async () => {
    let pid = 0
    const before = performance.now()
    let brokeAt = 0
    for await (const event of runProcess({ argv: [node, '-e', ignoresSigterm], graceMs: 200 })) {
      if (event.type === 'spawn') started.push((pid = event.pid))
      if (event.type === 'output' && event.chunk.includes('ready')) {
        brokeAt = performance.now()
        break
      }
    }
    expect(brokeAt).toBeGreaterThan(before)
    expect(performance.now() - brokeAt).toBeGreaterThanOrEqual(190)
    expect(isRunning(pid)).toBe(false)
  })

  it('an abort after the process has finished, before its exit event is read, kills nothing', async () => {
    const controller = new AbortController()
    let exit: ProcessExitEvent | undefined
    for await (const event of runProcess({ argv: ['/bin/sh', '-c', 'echo done'], signal: controller.signal })) {
      if (event.type === 'output') {
        // Hold the last output event while the process exits and its pipes close, then abort.
        await new Promise((resolve) => setTimeout(resolve, 300))
        controller.abort()
      }
      if (event.type === 'exit') exit = event
    }
    expect(exit).toMatchObject({ killed: false, exitCode: 0, signal: null })
    expect(exit).not.toHaveProperty('reason')
  })
})
