import { execFileSync } from 'node:child_process'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { NodeEvent } from 'capstan'
import type { RemoteCommand } from '../../src/remote-execution/remote-command.js'
import type { RunRemoteOptions } from '../../src/remote-execution/run-remote-options.js'
import { runRemote } from '../../src/remote-execution/run-remote.js'
import { connect, drain, eventually, sudoPassword } from '../support/ssh-test-client.js'
import { uniqueSleep } from '@capstan/test-support/remote-processes'
import { sshdRunning } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

/** Processes whose command line matches `pattern`, on this machine (the sshd is on localhost). */
function localProcesses(pattern: string): string {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim()
  } catch {
    return '' // pgrep exits 1 when nothing matches
  }
}

needs(sshdRunning).describe('runRemote with sudo, against OpenSSH', () => {
  let client: Client
  let password: string
  beforeAll(async () => {
    client = await connect()
    password = sudoPassword()
  })
  afterAll(() => client?.end())

  const run = (input: RemoteCommand, options: Partial<RunRemoteOptions> = {}) => drain(runRemote(client, input, { node: 'n1', ...options }))
  const mentionsPassword = (events: NodeEvent[]) => JSON.stringify(events).includes(password)

  it('runs as root with the right password, without markers in the output', async () => {
    const r = await run({ command: 'id -u; echo err >&2' }, { sudo: { password } })
    expect(r.finished).toMatchObject({ status: 'success', exitCode: 0 })
    expect(r.stdout).toBe('0\n')
    expect(r.stderr).toBe('err\n')
    expect(mentionsPassword(r.events)).toBe(false)
  })

  it('runs as another user', async () => {
    const r = await run({ command: 'id -un' }, { sudo: { user: 'nobody', password } })
    expect(r.finished.status).toBe('success')
    expect(r.stdout).toBe('nobody\n')
  })

  it('fails clearly on a wrong password, which appears nowhere', async () => {
    const wrong = `wrong-${password}-x`
    const r = await run({ command: 'id -u' }, { sudo: { password: wrong } })
    expect(r.finished).toMatchObject({ status: 'failure', error: { code: 'PERMISSION_DENIED' } })
    expect(r.finished.type === 'node:finished' && r.finished.error?.message).toMatch(/sudo rejected the password/)
    expect(r.stdout).toBe('')
    expect(JSON.stringify(r.events)).not.toContain(wrong)
    expect(mentionsPassword(r.events)).toBe(false)
  })

  it('fails clearly, without hanging, when sudo asks and no password was given', async () => {
    const started = Date.now()
    const r = await run({ command: 'id -u' }, { sudo: {} })
    expect(r.finished).toMatchObject({ status: 'failure', error: { code: 'PERMISSION_DENIED' } })
    expect(r.finished.type === 'node:finished' && r.finished.error?.message).toMatch(/sudo asked for a password; set sudo\.password/)
    expect(r.stderr).not.toContain('sudo-prompt')
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('reports a user sudo does not know, without running the command', async () => {
    const r = await run({ command: 'echo ran' }, { sudo: { user: 'no-such-user-capstan', password } })
    expect(r.finished).toMatchObject({ status: 'failure', error: { code: 'PERMISSION_DENIED' } })
    expect(r.finished.type === 'node:finished' && r.finished.error?.message).toMatch(/sudo did not run the command \(sudo: unknown user/)
    expect(r.stdout).toBe('')
  })

  it('hands stdin to the command, after the password', async () => {
    const r = await run({ command: 'cat; echo; id -u', stdin: 'hello\nworld' }, { sudo: { password } })
    expect(r.stdout).toBe('hello\nworld\n0\n')
    expect(mentionsPassword(r.events)).toBe(false)
  })

  it('passes env and cwd through sudo', async () => {
    const env = { GREETING: `it's "q" $(id)`, EMPTY: '' }
    const r = await run({ command: 'printf "%s|%s|%s|%s\\n" "$GREETING" "$EMPTY" "$(pwd)" "$(id -u)"', env, cwd: '/root' }, { sudo: { password } })
    expect(r.stdout).toBe(`it's "q" $(id)||/root|0\n`)
  })

  it('on abort kills the root-owned group at TERM, without waiting for the grace', async () => {
    const sleep = uniqueSleep()
    const controller = new AbortController()
    const events: NodeEvent[] = []
    const running = (async () => {
      for await (const e of runRemote(client, { command: sleep }, { node: 'n1', signal: controller.signal, killGraceMs: 10_000, sudo: { password } })) events.push(e)
    })()
    expect(await eventually(async () => localProcesses(`^${sleep}$`) !== '')).toBe(true)
    const abortedAt = Date.now()
    controller.abort()
    await running
    expect(events.at(-1)).toMatchObject({ type: 'node:finished', status: 'cancelled' })
    expect(Date.now() - abortedAt).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(localProcesses(sleep)).toBe('')
  })

  it('on timeout kills the group, as another user too', async () => {
    const r = await run({ command: 'sleep 302' }, { timeoutMs: 1500, killGraceMs: 1000, sudo: { user: 'nobody', password } })
    expect(r.finished).toMatchObject({ status: 'timeout', error: { code: 'TIMEOUT' } })
    expect(await eventually(async () => localProcesses('sleep 302') === '', 5_000)).toBe(true)
  })

  it('kills the group when the consumer leaves early', async () => {
    for await (const e of runRemote(client, { command: 'echo go; sleep 303' }, { node: 'n1', killGraceMs: 1000, sudo: { password } })) {
      if (e.type === 'node:output') break
    }
    expect(await eventually(async () => localProcesses('sleep 303') === '', 5_000)).toBe(true)
  })
})
