import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodeEvent } from 'capstan'
import { collectRemote } from '../../src/remote-execution/collect-remote.js'
import { runRemoteScript, type RemoteScript } from '../../src/remote-execution/remote-script.js'
import type { RunRemoteOptions } from '../../src/remote-execution/run-remote-options.js'
import { sshdRunning } from '../support/requirements.js'
import { connect, drain, eventually, sudoPassword } from '../support/ssh-test-client.js'
import { needs } from '@capstan/test-support/requirement'

describe('runRemoteScript without a server', () => {
  it('ends the node error VALIDATION_ERROR naming a missing script, without touching the client', async () => {
    const client = {} as Client // any use of it would throw
    const r = await drain(runRemoteScript(client, { script: '/does/not/exist.sh', args: [] }, { node: 'n1' }))
    expect(r.events).toHaveLength(1)
    expect(r.finished).toMatchObject({ status: 'error', error: { code: 'VALIDATION_ERROR', message: 'Script /does/not/exist.sh does not exist', details: { field: 'script' } } })
  })

  it('refuses an argument with a NUL byte before anything runs', async () => {
    await expect(drain(runRemoteScript({} as Client, { script: '/bin/true', args: ['a\0b'] }, { node: 'n1' }))).rejects.toThrow(/argv\[0\]/)
  })
})

needs(sshdRunning).describe('runRemoteScript against OpenSSH', () => {
  let client: Client
  let local: string
  beforeAll(async () => {
    client = await connect()
    local = mkdtempSync(join(tmpdir(), 'capstan-remote-script-'))
  })
  afterAll(() => {
    client?.end()
    rmSync(local, { recursive: true, force: true })
  })

  /** Writes a local script (not executable here: the upload sets the mode) and returns its path. */
  const script = (name: string, text: string) => {
    const path = join(local, name)
    writeFileSync(path, text)
    chmodSync(path, 0o600)
    return path
  }
  const run = (input: RemoteScript, options: Partial<RunRemoteOptions> = {}) => drain(runRemoteScript(client, input, { node: 'n1', ...options }))
  const remote = async (command: string) => (await collectRemote(client, { command }, { node: 'n1' })).stdout
  /** The script's directory on the server, from the script's own first stdout line. */
  const dirOf = (stdout: string) => stdout.split('\n')[0] ?? ''
  const exists = async (path: string) => (await remote(`test -e '${path}' && echo yes || echo no`)) === 'yes\n'

  it('passes arguments verbatim: spaces, quotes, $(...), backquotes, empty', async () => {
    const args = ['two words', `it's "q"`, '$(touch /tmp/capstan-pwned)', '`id`', '', '-n', '*']
    const r = await run({ script: script('args.sh', '#!/bin/sh\nprintf "%s\\0" "$@"\n'), args })
    expect(r.finished).toMatchObject({ status: 'success', exitCode: 0 })
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(args)
    expect(await exists('/tmp/capstan-pwned')).toBe(false)
  })

  it('propagates the exit code and streams stdout and stderr apart', async () => {
    const r = await run({ script: script('exit.sh', 'echo out; echo err >&2; exit 7\n'), args: [] })
    expect(r.finished).toMatchObject({ status: 'failure', exitCode: 7 })
    expect(r.stdout).toBe('out\n')
    expect(r.stderr).toBe('err\n')
  })

  it('yields output before the script ends', async () => {
    const seen: Array<{ type: string; at: number }> = []
    for await (const e of runRemoteScript(client, { script: script('slow.sh', 'echo first; sleep 2; echo second\n'), args: [] }, { node: 'n1' })) seen.push({ type: e.type, at: Date.now() })
    const first = seen.find((e) => e.type === 'node:output')
    const end = seen.find((e) => e.type === 'node:finished')
    expect(end!.at - first!.at).toBeGreaterThan(1000)
  })

  it('runs a shebang script with its interpreter', async () => {
    const r = await run({ script: script('hello.py', '#!/usr/bin/env python3\nimport sys\nprint("py", sys.argv[1:])\n'), args: ['a b'] })
    expect(r.finished.status).toBe('success')
    expect(r.stdout).toBe("py ['a b']\n")
  })

  it('keeps the script 0700 in a private 0700 directory, under its basename, and removes the directory after', async () => {
    const r = await run({ script: script('modes.sh', 'd=$(dirname "$0"); echo "$d"; stat -c "%a %U %n" "$d" "$0"\n'), args: [] })
    const dir = dirOf(r.stdout)
    expect(dir).toMatch(/^\/tmp\/capstan-script\./)
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([`700 capstan ${dir}`, `700 capstan ${dir}/modes.sh`])
    expect(await exists(dir)).toBe(false)
  })

  it('removes the directory after a failure too, and honours env and cwd', async () => {
    const r = await run({ script: script('env.sh', 'dirname "$0"; echo "$GREETING"; pwd; exit 3\n'), args: [], env: { GREETING: 'hi there' }, cwd: '/tmp' })
    expect(r.finished.exitCode).toBe(3)
    expect(r.stdout.split('\n').slice(1)).toEqual(['hi there', '/tmp', ''])
    expect(await exists(dirOf(r.stdout))).toBe(false)
  })

  it('on abort stops the script and removes the directory', async () => {
    const controller = new AbortController()
    const events: NodeEvent[] = []
    let dir = ''
    const running = (async () => {
      for await (const e of runRemoteScript(client, { script: script('sleepy.sh', 'dirname "$0"; sleep 304\n'), args: [] }, { node: 'n1', signal: controller.signal, killGraceMs: 1000 })) {
        events.push(e)
        if (e.type === 'node:output' && dir === '') dir = dirOf(e.chunk)
      }
    })()
    expect(await eventually(async () => dir !== '')).toBe(true)
    expect(await exists(dir)).toBe(true)
    controller.abort()
    await running
    expect(events.at(-1)).toMatchObject({ type: 'node:finished', status: 'cancelled' })
    expect(await exists(dir)).toBe(false)
    expect(await remote("pgrep -f 'sleep 30[4]' || true")).toBe('')
  })

  it('on timeout ends timeout and removes the directory', async () => {
    const r = await run({ script: script('slower.sh', 'dirname "$0"; sleep 305\n'), args: [] }, { timeoutMs: 1500, killGraceMs: 1000 })
    expect(r.finished).toMatchObject({ status: 'timeout', error: { code: 'TIMEOUT' } })
    expect(await exists(dirOf(r.stdout))).toBe(false)
  })

  it('removes the directory when the consumer leaves early', async () => {
    let dir = ''
    for await (const e of runRemoteScript(client, { script: script('early.sh', 'dirname "$0"; sleep 306\n'), args: [] }, { node: 'n1', killGraceMs: 1000 })) {
      if (e.type === 'node:output') {
        dir = dirOf(e.chunk)
        break
      }
    }
    expect(dir).toMatch(/^\/tmp\/capstan-script\./)
    expect(await exists(dir)).toBe(false)
  })

  it('uploads through cat when the server offers no SFTP', async () => {
    const original = client.sftp.bind(client)
    let asked = 0
    client.sftp = ((callback: (error: Error | undefined) => void) => {
      asked += 1
      callback(new Error('Unable to start subsystem: sftp'))
    }) as Client['sftp']
    try {
      const r = await run({ script: script('nosftp.sh', '#!/bin/sh\nd=$(dirname "$0"); echo "$d"; stat -c "%a" "$0"; echo "$1"\n'), args: ['x y'] })
      expect(asked).toBe(1)
      expect(r.finished.status).toBe('success')
      expect(r.stdout.split('\n').slice(1)).toEqual(['700', 'x y', ''])
      expect(await exists(dirOf(r.stdout))).toBe(false)
    } finally {
      client.sftp = original
    }
  })

  it('runs under sudo, as root and as another user, and cleans up', async () => {
    const password = sudoPassword()
    const body = 'dirname "$0"; id -un\n'
    const root = await run({ script: script('root.sh', body), args: [] }, { sudo: { password } })
    expect(root.finished.status).toBe('success')
    expect(root.stdout.split('\n')[1]).toBe('root')
    expect(await exists(dirOf(root.stdout))).toBe(false)
    const nobody = await run({ script: script('nobody.sh', body), args: [] }, { sudo: { user: 'nobody', password } })
    expect(nobody.finished.status).toBe('success')
    expect(nobody.stdout.split('\n')[1]).toBe('nobody')
    expect(await exists(dirOf(nobody.stdout))).toBe(false)
  })
})
