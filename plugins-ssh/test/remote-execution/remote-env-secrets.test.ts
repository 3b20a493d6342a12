// env values are secrets: they reach the command through the channel's stdin,
// never through an argv that any user of the server (or of this machine) can read.
// The test sshd runs on this machine, so /proc here shows both sides' processes.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'ssh2'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { NodeEvent } from 'capstan'
import type { RemoteCommand } from '../../src/remote-execution/remote-command.js'
import { runRemoteScript } from '../../src/remote-execution/remote-script.js'
import type { RunRemoteOptions } from '../../src/remote-execution/run-remote-options.js'
import { runRemote } from '../../src/remote-execution/run-remote.js'
import { sshdRunning } from '../support/requirements.js'
import { connect, sudoPassword } from '../support/ssh-test-client.js'
import { needs } from '@capstan/test-support/requirement'

/** Every process command line on this machine that contains `needle` (pid and argv, NULs as spaces). */
function argvsContaining(needle: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    let cmdline: Buffer
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`)
    } catch {
      continue // gone meanwhile
    }
    if (cmdline.includes(needle)) found.push(`${pid}: ${cmdline.toString('utf8').replaceAll('\0', ' ')}`)
  }
  return found
}

/**
 * Runs `run` (a command that prints its secret, NUL-terminated, then sleeps) and
 * scans every argv on this machine from the start until the secret has come back
 * on stdout; then stops the run. Returns what the command printed and the leaks.
 */
async function runAndScan(events: AsyncIterable<NodeEvent>, stop: AbortController, needle: string): Promise<{ printed: string; leaks: string[]; finished: NodeEvent | undefined }> {
  const leaks = new Set<string>()
  let stdout = ''
  let finished: NodeEvent | undefined
  let done = false
  const scanning = (async () => {
    while (!done) {
      for (const leak of argvsContaining(needle)) leaks.add(leak)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  const deadline = setTimeout(() => stop.abort(), 20_000)
  try {
    for await (const event of events) {
      if (event.type === 'node:output' && event.stream === 'stdout') {
        stdout += event.chunk
        if (stdout.includes('\0')) {
          // The command has its value and is sleeping: look once more, then stop it.
          for (const leak of argvsContaining(needle)) leaks.add(leak)
          stop.abort()
        }
      }
      if (event.type === 'node:finished') finished = event
    }
  } finally {
    clearTimeout(deadline)
    done = true
    await scanning
  }
  return { printed: stdout.split('\0')[0] ?? '', leaks: [...leaks], finished }
}

/** A secret with every kind of byte a value can hold, and a random part to look for. */
function secretValue(): { value: string; needle: string } {
  const needle = `s3cr3t${randomBytes(8).toString('hex')}`
  return { needle, value: `${needle} it's "q" $(id) \`id\` \\n \\\n  line2\r\n\ttab €✓ 🔑 $HOME ;|& \n\n` }
}

needs(sshdRunning).describe('env values never appear in any argv, against OpenSSH', () => {
  let client: Client
  let password: string
  let local: string
  beforeAll(async () => {
    client = await connect()
    password = sudoPassword()
    local = mkdtempSync(join(tmpdir(), 'capstan-env-secrets-'))
  })
  afterAll(() => {
    client?.end()
    rmSync(local, { recursive: true, force: true })
  })

  const print = 'printf "%s\\0" "$API_TOKEN"; sleep 311'
  const command = (env: Record<string, string>): RemoteCommand => ({ command: print, env })
  const options = (stop: AbortController, extra: Partial<RunRemoteOptions> = {}): RunRemoteOptions => ({ node: 'n1', signal: stop.signal, killGraceMs: 1000, ...extra })

  it.each([
    ['the first command on a connection (through /bin/sh)', true],
    ['a later command (handed to the login shell directly)', false],
  ])('%s', async (_, fresh) => {
    const own = fresh ? await connect() : client
    try {
      if (!fresh) await runAndScan(runRemote(own, { command: 'printf "\\0"' }, { node: 'n1' }), new AbortController(), 'unused')
      const { value, needle } = secretValue()
      const stop = new AbortController()
      const r = await runAndScan(runRemote(own, command({ API_TOKEN: value, OTHER: `${needle}-other` }), options(stop)), stop, needle)
      expect(r.printed).toBe(value)
      expect(r.leaks).toEqual([])
    } finally {
      if (fresh) own.end()
    }
  })

  it('under sudo as root, with cwd and the caller\'s stdin after the variables', async () => {
    const { value, needle } = secretValue()
    const stop = new AbortController()
    const input: RemoteCommand = { command: `printf "%s|%s|%s|" "$(id -u)" "$(pwd)" "$(head -c 5)"; ${print}`, env: { API_TOKEN: value }, cwd: '/root', stdin: 'hello world' }
    const r = await runAndScan(runRemote(client, input, options(stop, { sudo: { password } })), stop, needle)
    expect(r.printed).toBe(`0|/root|hello|${value}`)
    expect(r.leaks).toEqual([])
  })

  it('under sudo as another user', async () => {
    const { value, needle } = secretValue()
    const stop = new AbortController()
    const r = await runAndScan(runRemote(client, { command: `printf "%s|" "$(id -un)"; ${print}`, env: { API_TOKEN: value } }, options(stop, { sudo: { user: 'nobody', password } })), stop, needle)
    expect(r.printed).toBe(`nobody|${value}`)
    expect(r.leaks).toEqual([])
  })

  it('for a script, whose arguments stay argv', async () => {
    const { value, needle } = secretValue()
    const path = join(local, 'print-token.sh')
    writeFileSync(path, `#!/bin/sh\nprintf '%s|' "$1"\n${print}\n`)
    chmodSync(path, 0o600)
    const stop = new AbortController()
    const r = await runAndScan(runRemoteScript(client, { script: path, args: ['visible-arg'], env: { API_TOKEN: value } }, options(stop)), stop, needle)
    expect(r.printed).toBe(`visible-arg|${value}`)
    expect(r.leaks).toEqual([])
  })
})
