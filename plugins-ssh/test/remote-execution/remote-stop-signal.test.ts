import { isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { remoteStopSignal } from '../../src/remote-execution/remote-stop-signal.js'

describe('remoteStopSignal', () => {
  it("aborts with the caller's reason", () => {
    const caller = new AbortController()
    const stop = remoteStopSignal({ node: 'web1', signal: caller.signal })
    expect(stop.signal.aborted).toBe(false)
    caller.abort('enough')
    expect(stop.signal.reason).toBe('enough')
    stop.dispose()
  })

  it("aborts on the kill signal alone, and prefers the caller's reason once both have aborted", () => {
    const kill = new AbortController()
    kill.abort('kill now')
    expect(remoteStopSignal({ node: 'web1', killSignal: kill.signal }).signal.reason).toBe('kill now')
    const caller = new AbortController()
    caller.abort('stop')
    expect(remoteStopSignal({ node: 'web1', signal: caller.signal, killSignal: kill.signal }).signal.reason).toBe('stop')
  })

  it('aborts with a TIMEOUT naming the node when the time limit passes', async () => {
    const stop = remoteStopSignal({ node: 'web1', timeoutMs: 5 })
    await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }))
    expect(isCapstanError(stop.signal.reason, 'TIMEOUT')).toBe(true)
    expect((stop.signal.reason as Error).message).toContain('web1')
  })

  it('lets go once disposed: no timeout, and no abort from the caller', async () => {
    const caller = new AbortController()
    const stop = remoteStopSignal({ node: 'web1', signal: caller.signal, timeoutMs: 5 })
    stop.dispose()
    caller.abort('late')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(stop.signal.aborted).toBe(false)
  })
})
